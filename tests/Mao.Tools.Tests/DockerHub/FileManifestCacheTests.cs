using System.Text;
using Mao.Testing;
using Mao.Tools.DockerHub;

namespace Mao.Tools.Tests.DockerHub;

/// <summary>The file-backed manifest cache checks content against its digest both ways and refuses digests that are not digests.</summary>
public sealed class FileManifestCacheTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "mao-manifest-cache-" + Guid.NewGuid().ToString("N"));
    private static readonly byte[] Content = File.ReadAllBytes(SharedData.Path("fixtures/registry/containers-image_manifest-list_schema2list.json"));
    private static readonly string Digest = ContentDigest.Compute("sha256", Content);

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task PutThenGet_SameBytes_StoredUnderTheDigest()
    {
        var cache = new FileManifestCache(_folder);
        Assert.Null(await cache.GetAsync(Digest, CancellationToken.None));

        await cache.PutAsync(Digest, Content, CancellationToken.None);

        Assert.Equal(Content, await cache.GetAsync(Digest, CancellationToken.None));
        Assert.True(File.Exists(Path.Combine(_folder, "sha256", Digest["sha256:".Length..])));
    }

    [Fact]
    public async Task PutOfContentNotMatchingItsDigest_Refused_NamingBothDigests()
    {
        var cache = new FileManifestCache(_folder);
        var other = Encoding.UTF8.GetBytes("{}");

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => cache.PutAsync(Digest, other, CancellationToken.None));

        Assert.Contains(Digest, error.Message);
        Assert.Contains(ContentDigest.Compute("sha256", other), error.Message);
        Assert.Null(await cache.GetAsync(Digest, CancellationToken.None));
    }

    [Fact]
    public async Task EntryDamagedOnDisk_NotReturned_AndForgotten()
    {
        var cache = new FileManifestCache(_folder);
        await cache.PutAsync(Digest, Content, CancellationToken.None);
        var path = Path.Combine(_folder, "sha256", Digest["sha256:".Length..]);
        await File.WriteAllTextAsync(path, "{\"schemaVersion\": 2}");

        Assert.Null(await cache.GetAsync(Digest, CancellationToken.None));
        Assert.False(File.Exists(path));
    }

    [Theory]
    [InlineData("sha256:../../../etc/passwd")]
    [InlineData("sha256:ABCDEF")]
    [InlineData("md5:0123456789abcdef0123456789abcdef")]
    [InlineData("latest")]
    public async Task DigestThatIsNotADigest_RefusedBeforeTouchingTheDisk(string digest)
    {
        var cache = new FileManifestCache(_folder);

        var error = await Assert.ThrowsAsync<FormatException>(() => cache.GetAsync(digest, CancellationToken.None));

        Assert.Contains(digest, error.Message);
        Assert.False(Directory.Exists(_folder));
    }
}
