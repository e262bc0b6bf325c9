using Mao.Core;
using Mao.Federation.Configuration;
using Mao.Testing;
using Microsoft.Extensions.Configuration;

namespace Mao.Site.Tests.Hosting;

/// <summary>How a site is told its etcd user: the password from an owner-only file (what the local stack and demo use).</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // file modes
public sealed class EtcdSettingsTests : IDisposable
{
    private readonly TempFolder _folder = new("mao-etcd-settings");

    private static FederationSettings From(params (string Key, string Value)[] settings) =>
        FederationSettings.FromConfiguration(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Append(("MAO_SITE_ID", "site-a")).Select(s => new KeyValuePair<string, string?>(s.Item1, s.Item2))).Build());

    private string PasswordFile(string text, UnixFileMode mode)
    {
        var path = _folder.Combine($"p{Guid.NewGuid():N}.password");
        File.WriteAllText(path, text);
        File.SetUnixFileMode(path, mode);
        return path;
    }

    [Fact]
    public void PasswordFile_OwnerOnly_IsReadWithoutItsNewline()
    {
        var file = PasswordFile("s3cret-from-file\n", UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var etcd = From(("MAO_ETCD_USER", "site-a"), ("MAO_ETCD_PASSWORD_FILE", file)).Etcd;

        Assert.Equal(("site-a", "s3cret-from-file"), (etcd.Username, etcd.Password));
    }

    [Fact]
    public void PasswordFile_ReadableByOthers_RefusedNamingTheSetting()
    {
        var file = PasswordFile("s3cret", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var error = Assert.Throws<MaoFormatException>(() => From(("MAO_ETCD_USER", "site-a"), ("MAO_ETCD_PASSWORD_FILE", file)));

        Assert.Contains("MAO_ETCD_PASSWORD_FILE", error.Message, StringComparison.Ordinal);
        Assert.Contains("chmod 600", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PasswordAndPasswordFile_BothSet_Refused() =>
        Assert.Contains("both set", Assert.Throws<MaoFormatException>(() => From(("MAO_ETCD_USER", "site-a"), ("MAO_ETCD_PASSWORD", "x"),
            ("MAO_ETCD_PASSWORD_FILE", PasswordFile("y", UnixFileMode.UserRead)))).Message, StringComparison.Ordinal);

    [Fact]
    public void ClientCertificateWithoutKey_RefusedAtValidate()
    {
        var settings = From(("MAO_STORAGE_CONNECTION", "UseDevelopmentStorage=true"), ("MAO_ETCD_CLIENT_CERT_FILE", PasswordFile("cert", UnixFileMode.UserRead)));
        settings.DataDirectory = _folder.Path;

        Assert.Contains("go together", Assert.Throws<MaoFormatException>(settings.Validate).Message, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();
}
