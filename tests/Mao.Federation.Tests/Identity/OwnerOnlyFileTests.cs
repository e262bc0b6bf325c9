using Mao.Federation.Configuration;
using Mao.Federation.Identity;
using Mao.Federation.Rounds;
using Mao.Testing;

namespace Mao.Federation.Tests.Identity;

/// <summary>The one way secrets reach the data folder: owner-only from the start, written by the first process only.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class OwnerOnlyFileTests : IDisposable
{
    private readonly TempFolder _folder = new("mao-owner-only");

    [Fact]
    public void TryCreate_NewFile_WritesItWithMode600()
    {
        var path = _folder.Combine("secret");

        Assert.True(OwnerOnlyFile.TryCreate(path, "first"));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal("first", File.ReadAllText(path));
    }

    [Fact]
    public void TryCreate_FileExists_LeavesItAsItWas()
    {
        var path = _folder.Combine("secret");
        OwnerOnlyFile.TryCreate(path, "first");

        Assert.False(OwnerOnlyFile.TryCreate(path, "second"));

        Assert.Equal("first", File.ReadAllText(path));
    }

    [Fact]
    public void ApiKey_NotConfigured_CreatedOwnerOnlyOnceAndReused()
    {
        var settings = new FederationSettings { SiteId = "site-a", DataDirectory = _folder.Combine("data") };

        var first = SiteIdentity.ApiKey(settings);
        var second = SiteIdentity.ApiKey(settings);

        Assert.Equal(48, first.Length);
        Assert.Equal(first, second);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(settings.DataDirectory, SiteIdentity.ApiKeyFile)));
    }

    public void Dispose() => _folder.Dispose();
}
