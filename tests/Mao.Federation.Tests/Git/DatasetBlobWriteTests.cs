using Mao.Core.Serialization;
using Mao.Federation.Git;
using Mao.Testing;
using static Mao.Federation.Tests.Git.GitTestData;

namespace Mao.Federation.Tests.Git;

/// <summary>
/// The snapshot (one part at this size) is read from any stream, seekable or not: its blob must be git's object for
/// exactly the bytes from the stream's position on, as real git hashes them.
/// </summary>
public sealed class DatasetBlobWriteTests : IDisposable
{
    private readonly TempFolder _root = new("mao-dataset-blobs");

    [Theory]
    [InlineData(true, 0)]
    [InlineData(true, 17)]
    [InlineData(false, 0)]
    public void CommitSnapshot_AnyStream_BlobIsGitsObjectOfTheBytes(bool seekable, int skipped)
    {
        using var repository = DatasetRepository.OpenOrInit(_root.Path, "dockerhub-arch");
        var snapshot = TestSnapshots.Make(observedAt: Day0, records: 300);
        var bytes = SnapshotJsonLines.ToBytes(snapshot);
        var file = _root.Combine("snapshot.jsonl");
        File.WriteAllBytes(file, bytes);
        var stream = new MemoryStream([.. new byte[skipped], .. bytes]) { Position = skipped };

        repository.CommitSnapshot(seekable ? stream : new ForwardOnlyStream(stream), Entry(snapshot));

        var expected = GitRepositories.Git(_root.Path, "hash-object", file).Trim();
        var stored = GitRepositories.Git(repository.Path, "rev-parse", $"sites/site-a:{DatasetRepository.SiteSnapshotFolder}/part-00000.jsonl").Trim();
        Assert.Equal(expected, stored);
        Assert.Equal(bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture),
            GitRepositories.Git(repository.Path, "cat-file", "-s", stored).Trim());
    }

    public void Dispose() => _root.Dispose();
}
