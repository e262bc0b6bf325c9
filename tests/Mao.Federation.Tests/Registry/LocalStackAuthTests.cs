using System.Diagnostics;
using Mao.Federation.Registry;
using Mao.Federation.Registry.Documents;
using Mao.Federation.Tests.Identity;
using Mao.Testing;

namespace Mao.Federation.Tests.Registry;

/// <summary>
/// The local stack's etcd security as infra/local/etcd-secure.sh sets it up: its CA and server certificate, a real etcd
/// serving TLS with them on free ports, then its users and roles for sites a and b. Each site writes its own keys
/// (KeyLayout.SiteOwned) and the round's shared ones, reads everything, and cannot write another site's keys.
/// </summary>
public sealed class LocalStackAuthTests(LocalStackAuthTests.SecuredEtcd etcd) : IClassFixture<LocalStackAuthTests.SecuredEtcd>
{
    private const string Root = "/mao";
    private const string Tool = "dockerhub-arch";
    private readonly CancellationToken _timeout = TestSnapshots.Timeout(90);

    public sealed class SecuredEtcd : IAsyncLifetime
    {
        private readonly TempFolder _folder = new("mao-etcd-secure");
        private readonly int _clientPort = FreePorts.Next();
        private readonly int _peerPort = FreePorts.Next();
        private ServiceProcess? _process;

        public string Endpoint => $"https://127.0.0.1:{_clientPort}";

        public string Secure => _folder.Combine("secure");

        public string CaFile => Path.Combine(Secure, "tls", "ca.pem");

        /// <summary>What the script printed over all its runs here (it must never print a password).</summary>
        public List<string> ScriptOutput { get; } = [];

        public async Task InitializeAsync()
        {
            await RunScriptAsync("certs");
            var tls = Path.Combine(Secure, "tls");
            var peer = $"http://127.0.0.1:{_peerPort}";
            _process = ServiceProcess.Start(await LocalStackBinaries.EtcdAsync(),
            [
                "--name", "secure0", "--data-dir", _folder.Combine("data"),
                "--listen-client-urls", Endpoint, "--advertise-client-urls", Endpoint,
                "--cert-file", Path.Combine(tls, "server.pem"), "--key-file", Path.Combine(tls, "server-key.pem"),
                "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer, "--initial-cluster", $"secure0={peer}",
            ], _folder.Combine("etcd.log"));
            await FreePorts.WaitOpenAsync(_clientPort, "etcd (tls)", TimeSpan.FromSeconds(30), () => _process.LogTail());
            await RunScriptAsync("users", Endpoint, Root, "site-a", "site-b");
        }

        /// <summary>Runs infra/local/etcd-secure.sh with its files in this fixture's folder; fails on a non-zero exit.</summary>
        public async Task RunScriptAsync(params string[] arguments)
        {
            var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            info.ArgumentList.Add(RepoPaths.Combine("infra", "local", "etcd-secure.sh"));
            foreach (var argument in arguments)
            {
                info.ArgumentList.Add(argument);
            }
            info.Environment["MAO_ETCD_SECURE_DIR"] = Secure;
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            await process.WaitForExitAsync(deadline.Token);
            ScriptOutput.Add(await stdout + await stderr);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"etcd-secure.sh {string.Join(' ', arguments)} exited {process.ExitCode}: {ScriptOutput[^1]}");
            }
        }

        public string Password(string user) => EtcdPasswordFile.Read(Path.Combine(Secure, "users", $"{user}.password"), "test");

        public Task DisposeAsync()
        {
            _process?.Dispose();
            _folder.Dispose();
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task SiteUser_WritesItsOwnAndTheSharedKeys_PeerReadsThem()
    {
        using var a = Site("site-a");
        using var b = Site("site-b");
        await using var registration = await a.Registry.RegisterSiteAsync(a.Card(), TimeSpan.FromSeconds(10), _timeout);
        await using var registrationB = await b.Registry.RegisterSiteAsync(b.Card(), TimeSpan.FromSeconds(10), _timeout);
        var round = $"r-{Guid.NewGuid():N}"[..20];

        // Own keys: card and public key (registered above), dataset location, answer.
        await a.Registry.PutDatasetAsync(new DatasetLocation(Tool, "site-a", "/srv/git/site-a/dockerhub-arch.git", "sites/site-a"), _timeout);
        Assert.True((await b.Registry.AnswerAsync(SignedMessages.Answer("site-b", round: round), _timeout)).Won);
        // Shared keys of the round protocol: claim, announcement, verified result.
        const string period = "2026-11-01"; // this class has its own etcd: no other claim on it
        Assert.True((await a.Registry.ClaimRoundAsync(Tool, period, round, DateTimeOffset.UtcNow, _timeout)).Won);
        Assert.True((await a.Registry.AnnounceAsync(SignedMessages.Announcement("site-a", round: round), _timeout)).Won);

        Assert.Equal(["site-a", "site-b"], (await b.Registry.LiveSitesAsync(_timeout)).Select(c => c.Site).Order());
        Assert.Equal(["site-a"], (await b.Registry.DatasetsAsync(Tool, _timeout)).Select(d => d.Site));
        var answer = Assert.Single(await a.Registry.ReadAnswersAsync(Tool, round, _timeout));
        Assert.Equal("site-b", answer.Accepted!.Message.Site);
        Assert.Equal(round, (await b.Registry.ReadAnnouncementAsync(Tool, round, _timeout))!.Message.Round);
        Assert.Equal(round, (await b.Registry.ReadClaimAsync(Tool, period, _timeout))!.Round);
    }

    [Fact]
    public async Task SiteUser_CannotWriteAnotherSitesKeys_NorTakeItsAnswerFirst()
    {
        using var b = Site("site-b");
        var keys = b.Etcd.Keys;
        var round = $"r-{Guid.NewGuid():N}"[..20];
        var targets = keys.SiteOwned("site-a").Select(r => r.Prefix ? r.Key + "x" : r.Key)
            .Append(keys.Answer(Tool, round, "site-a"))
            .Append(keys.Dataset(Tool, "site-a"))
            .Append(keys.Notification(new DateOnly(2026, 11, 30), "site-a", "n0123456789abcdef"))
            .Append(keys.Tool(Tool)) // manifests are the operator's (root's), read-only to sites
            .ToArray();

        foreach (var key in targets)
        {
            var error = await Assert.ThrowsAsync<RegistryAccessDeniedException>(() => b.Etcd.CreateAsync(key, "{}", 0, _timeout));
            Assert.Contains("refused", error.Message, StringComparison.Ordinal);
        }
        // The answer key of site-a is still free for site-a itself.
        using var a = Site("site-a");
        Assert.True((await a.Etcd.CreateAsync(keys.Answer(Tool, round, "site-a"), "{}", 0, _timeout)).Won);
        await Assert.ThrowsAsync<RegistryAccessDeniedException>(() => b.Etcd.DeleteAsync(keys.Answer(Tool, round, "site-a"), _timeout));
    }

    [Fact]
    public async Task Anonymous_AndWithoutTrustingTheCa_Refused()
    {
        using var anonymous = new EtcdRegistry(new EtcdOptions { Endpoints = etcd.Endpoint, TlsCaFile = etcd.CaFile, KeyRoot = Root });
        using var untrusting = new EtcdRegistry(new EtcdOptions
        {
            Endpoints = etcd.Endpoint, KeyRoot = Root, Username = "site-a", Password = etcd.Password("site-a"), CallTimeout = TimeSpan.FromSeconds(2),
        });

        await Assert.ThrowsAsync<RegistryAccessDeniedException>(() => anonymous.GetPrefixAsync(Root + "/", _timeout));
        await Assert.ThrowsAsync<RegistryAccessDeniedException>(() => anonymous.PutAsync(Root + "/sites/site-a", "{}", 0, _timeout));
        await Assert.ThrowsAsync<RegistryUnavailableException>(() => untrusting.GetAsync(Root + "/sites/site-a", _timeout));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // file modes: the local stack runs on Linux
    public async Task Script_RunAgainWithAuthOn_KeepsUsersAndNeverPrintsPasswords()
    {
        var before = etcd.Password("site-a");
        await etcd.RunScriptAsync("users", etcd.Endpoint, Root, "site-a", "site-b");

        Assert.Equal(before, etcd.Password("site-a"));
        using var a = Site("site-a");
        Assert.True((await a.Etcd.CreateAsync(a.Etcd.Keys.Answer(Tool, $"r-{Guid.NewGuid():N}"[..20], "site-a"), "{}", 0, _timeout)).Won);
        foreach (var user in new[] { "root", "site-a", "site-b" })
        {
            var file = Path.Combine(etcd.Secure, "users", $"{user}.password");
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            Assert.DoesNotContain(etcd.ScriptOutput, output => output.Contains(etcd.Password(user), StringComparison.Ordinal));
        }
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(etcd.Secure, "users")));
    }

    private TestSite Site(string user) =>
        new(new EtcdOptions { Endpoints = etcd.Endpoint, TlsCaFile = etcd.CaFile, Username = user, Password = etcd.Password(user), KeyRoot = Root }, user);
}
