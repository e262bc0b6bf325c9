using Mao.Federation.Identity;
using Mao.Testing;

namespace Mao.Federation.Tests.Identity;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SiteKeyPairTests : IDisposable
{
    private readonly TempFolder _folder = new("mao-keys");

    [Fact]
    public void LoadOrCreate_FirstStart_CreatesOwnerOnlyKeyFile()
    {
        using var key = SiteKeyPair.LoadOrCreate(_folder.Path, "site-a");

        var path = Path.Combine(_folder.Path, SiteKeyPair.FileName);
        Assert.True(File.Exists(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(32, key.PublicKey.KeyId.Length);
    }

    [Fact]
    public void LoadOrCreate_SecondStart_LoadsTheSameKey()
    {
        using var first = SiteKeyPair.LoadOrCreate(_folder.Path, "site-a");
        using var second = SiteKeyPair.LoadOrCreate(_folder.Path, "site-a");

        Assert.Equal(first.PublicKey, second.PublicKey);
        var signature = second.Sign("data"u8);
        Assert.True(first.PublicKey.Verify("data"u8, signature, "test"));
    }

    [Fact]
    public void LoadOrCreate_KeyReadableByOthers_RefusedWithChmodHint()
    {
        using (SiteKeyPair.LoadOrCreate(_folder.Path, "site-a"))
        {
        }
        var path = Path.Combine(_folder.Path, SiteKeyPair.FileName);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var error = Assert.Throws<IdentityException>(() => SiteKeyPair.LoadOrCreate(_folder.Path, "site-a"));
        Assert.Contains("chmod 600", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadOrCreate_GarbageKeyFile_ClearError()
    {
        var path = Path.Combine(_folder.Path, SiteKeyPair.FileName);
        File.WriteAllText(path, "not a key");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var error = Assert.Throws<IdentityException>(() => SiteKeyPair.LoadOrCreate(_folder.Path, "site-a"));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../etc")]
    [InlineData("a/b")]
    [InlineData("Site")]
    public void LoadOrCreate_InvalidSiteName_Refused(string site) =>
        Assert.Throws<Core.MaoFormatException>(() => SiteKeyPair.LoadOrCreate(_folder.Path, site));

    public void Dispose() => _folder.Dispose();
}
