using System.Diagnostics;
using Mao.Federation.Registry;
using Mao.Federation.Registry.Documents;
using Mao.Federation.Tests.Identity;
using Mao.Testing;

namespace Mao.Federation.Tests.Registry;

/// <summary>
/// The local stack's etcd security as infra/local/etcd-secure.sh sets it up: its CA and server certificate, a real etcd
/// serving TLS with them on free ports, then its users and roles for sites a and b. Each site writes its own keys
/// (KeyLayout.SiteOwned: claims, announcements and verified results too), reads everything, and cannot write another
/// site's keys: no prefix is writable by two sites.
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

        /// <summary>etcdctl as root against this etcd (password through the environment, as the script does).</summary>
        public async Task EtcdctlAsRootAsync(params string[] arguments)
        {
            var info = new ProcessStartInfo(Path.Combine(Path.GetDirectoryName(await LocalStackBinaries.EtcdAsync())!, "etcdctl"))
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            foreach (var argument in arguments)
            {
                info.ArgumentList.Add(argument);
            }
            info.Environment["ETCDCTL_API"] = "3";
            info.Environment["ETCDCTL_ENDPOINTS"] = Endpoint;
            info.Environment["ETCDCTL_CACERT"] = CaFile;
            info.Environment["ETCDCTL_USER"] = "root:" + Password("root");
            info.Environment["ETCDCTL_COMMAND_TIMEOUT"] = "30s";
            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            await process.WaitForExitAsync(deadline.Token);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"etcdctl {string.Join(' ', arguments)} exited {process.ExitCode}: {await output}{await error}");
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
    public async Task SiteUser_WritesItsOwnRoundKeys_PeerReadsThem()
    {
        using var a = Site("site-a");
        using var b = Site("site-b");
        await using var registration = await a.Registry.RegisterSiteAsync(a.Card(), TimeSpan.FromSeconds(10), _timeout);
        await using var registrationB = await b.Registry.RegisterSiteAsync(b.Card(), TimeSpan.FromSeconds(10), _timeout);
        var round = $"r-{Guid.NewGuid():N}"[..20];

        // Own keys: card and public key (registered above), dataset location, answer.
        await a.Registry.PutDatasetAsync(new DatasetLocation(Tool, "site-a", "/srv/git/site-a/dockerhub-arch.git", "sites/site-a"), _timeout);
        Assert.True((await b.Registry.AnswerAsync(SignedMessages.Answer("site-b", round: round), _timeout)).Won);
        // The round's keys, each under its writer's prefix: both claim (a first), the winner announces and publishes.
        const string period = "2026-11-01"; // this class has its own etcd: no other claim on it
        Assert.True((await a.Registry.ClaimRoundAsync(Tool, period, round, DateTimeOffset.UtcNow, _timeout)).Won);
        var lost = await b.Registry.ClaimRoundAsync(Tool, period, "r-b", DateTimeOffset.UtcNow, _timeout);
        Assert.True((await a.Registry.AnnounceAsync(SignedMessages.Announcement("site-a", round: round), _timeout)).Won);
        var result = new VerifiedResult(Tool, period, round, "site-a", 1, SignedMessages.Pointer('a', "site-a"), ["site-a", "site-b"], [], [], [], [], DateTimeOffset.UtcNow);
        Assert.True((await a.Registry.PublishVerifiedAsync(result, _timeout)).Won);

        Assert.Equal(["site-a", "site-b"], (await b.Registry.LiveSitesAsync(_timeout)).Select(c => c.Site).Order());
        Assert.Equal(["site-a"], (await b.Registry.DatasetsAsync(Tool, _timeout)).Select(d => d.Site));
        var answer = Assert.Single(await a.Registry.ReadAnswersAsync(Tool, round, _timeout));
        Assert.Equal("site-b", answer.Accepted!.Message.Site);
        Assert.False(lost.Won);
        Assert.Equal(("site-a", round), (lost.Holder.Site, lost.Holder.Round));
        Assert.Equal(round, (await b.Registry.ReadAnnouncementAsync(Tool, round, "site-a", _timeout))!.Message.Round);
        Assert.Equal(("site-a", round), (await b.Registry.ReadClaimAsync(Tool, period, _timeout)) is { } claim ? (claim.Site, claim.Round) : default);
        Assert.Equal(round, (await b.Registry.ReadVerifiedAsync(Tool, period, _timeout))!.Message.Round);
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
            .Append(keys.Claim(Tool, "2026-11-03", "site-a"))
            .Append(keys.Round(Tool, round, "site-a"))
            .Append(keys.Verified(Tool, "2026-11-03", "site-a"))
            // The former shared layout (no site in the key) is nobody's now.
            .Append($"{Root}/claims/{Tool}/2026-11-03").Append($"{Root}/rounds/{Tool}/{round}").Append($"{Root}/verified/{Tool}/2026-11-03")
            .Append(keys.Tool(Tool)) // manifests are the operator's (root's), read-only to sites
            .ToArray();

        foreach (var key in targets)
        {
            var error = await Assert.ThrowsAsync<RegistryAccessDeniedException>(() => b.Etcd.CreateAsync(key, "{}", 0, _timeout));
            Assert.Contains("refused", error.Message, StringComparison.Ordinal);
        }
        Assert.Equal(8, keys.SiteOwned("site-a").Count); // a new kind of own key must be added to the role (and to this list)
        // Site-a's own keys are still free for site-a; once written, site-b can neither delete nor overwrite them.
        using var a = Site("site-a");
        var written = new[] { keys.Answer(Tool, round, "site-a"), keys.Claim(Tool, "2026-11-03", "site-a"), keys.Round(Tool, round, "site-a"), keys.Verified(Tool, "2026-11-03", "site-a") };
        foreach (var key in written)
        {
            Assert.True((await a.Etcd.CreateAsync(key, "{}", 0, _timeout)).Won);
            await Assert.ThrowsAsync<RegistryAccessDeniedException>(() => b.Etcd.DeleteAsync(key, _timeout));
            await Assert.ThrowsAsync<RegistryAccessDeniedException>(() => b.Etcd.PutAsync(key, "{\"forged\":1}", 0, _timeout));
            Assert.Equal("{}", (await b.Etcd.GetAsync(key, _timeout))!.Value);
        }
    }

    [Fact]
    public async Task Script_RunAgainOnARoleOfTheSharedLayout_RevokesItsSharedGrants()
    {
        // A role as the earlier script made it: every site's claims, announcements and verified results writable.
        foreach (var shared in new[] { "claims", "rounds", "verified" })
        {
            await etcd.EtcdctlAsRootAsync("role", "grant-permission", "site-b", "--prefix=true", "readwrite", $"{Root}/{shared}/");
        }
        using var b = Site("site-b");
        var victim = b.Etcd.Keys.Claim(Tool, "2026-11-04", "site-a");
        Assert.True((await b.Etcd.CreateAsync(victim, "{}", 0, _timeout)).Won); // the hole the shared grant left

        await etcd.RunScriptAsync("users", etcd.Endpoint, Root, "site-a", "site-b");

        await Assert.ThrowsAsync<RegistryAccessDeniedException>(() => b.Etcd.DeleteAsync(victim, _timeout));
        await Assert.ThrowsAsync<RegistryAccessDeniedException>(() => b.Etcd.CreateAsync(b.Etcd.Keys.Round(Tool, "r-x", "site-a"), "{}", 0, _timeout));
        await Assert.ThrowsAsync<RegistryAccessDeniedException>(() => b.Etcd.CreateAsync(b.Etcd.Keys.Verified(Tool, "2026-11-04", "site-a"), "{}", 0, _timeout));
        Assert.True((await b.Etcd.CreateAsync(b.Etcd.Keys.Claim(Tool, "2026-11-04", "site-b"), "{}", 0, _timeout)).Won); // its own stay writable
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
