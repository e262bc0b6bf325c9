using Mao.Federation.Registry;

namespace Mao.Cli.Commands.Demo;

/// <summary>
/// How the demo's sites reach etcd: the endpoints, the CA that signed the members' certificates (TLS), and a folder of
/// per-site password files (auth: each site is the etcd user of its own name). Both are optional, so the demo also
/// runs on a plain etcd.
/// </summary>
internal sealed record DemoEtcd(string Endpoints, string? CaFile, string? UsersFolder)
{
    public bool Tls => new EtcdOptions { Endpoints = Endpoints }.UsesTls;

    public bool Auth => UsersFolder is not null;

    public string PasswordFile(string site) => Path.Combine(UsersFolder!, $"{site}.password");

    /// <summary>The settings a site process reads (the password as a file, never in its environment).</summary>
    public IEnumerable<KeyValuePair<string, string>> Environment(string site)
    {
        if (CaFile is not null)
        {
            yield return new("MAO_ETCD_CA_FILE", CaFile);
        }
        if (Auth)
        {
            yield return new("MAO_ETCD_USER", site);
            yield return new("MAO_ETCD_PASSWORD_FILE", PasswordFile(site));
        }
    }

    /// <summary>The same as options, for what the demo does in-process as a site (keeping its snapshot).</summary>
    public EtcdOptions Options(string site, string keyRoot) => new()
    {
        Endpoints = Endpoints,
        KeyRoot = keyRoot,
        TlsCaFile = CaFile,
        Username = Auth ? site : null,
        Password = Auth ? EtcdPasswordFile.Read(PasswordFile(site), "--etcd-users") : null,
    };

    public string Describe() =>
        $"etcd {Endpoints}: " + (Tls ? $"TLS (trusting only the CA {CaFile ?? "of the system store"})" : "plain http, no TLS") + ", "
        + (Auth ? "auth on: each site its own etcd user and role (writes only its own keys)" : "no auth");
}
