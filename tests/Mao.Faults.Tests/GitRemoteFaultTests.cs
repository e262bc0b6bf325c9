using System.Net;
using Mao.Faults.Tests.Support;
using Mao.Federation.Configuration;
using Mao.Federation.Registry.Documents;
using Mao.Federation.Rounds;
using Mao.Federation.Store;
using Mao.Orchestrations.Api;
using Mao.Site.Tests.Support;
using Mao.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mao.Faults.Tests;

/// <summary>
/// A site's git remote fails it: refuses pushes, is unreachable, or serves a corrupt object. Git is the second copy:
/// the snapshot or ground truth is kept in blob + table (the truth) and the round publishes; the failure is logged
/// naming the remote; nothing corrupt enters the site's dataset repository; and the upkeep job pushes what was left
/// behind once the remote works again, once.
/// </summary>
[Collection(FaultsCollection.Name)]
public sealed class GitRemoteFaultTests(AzuriteFixture azurite, EtcdFixture etcd)
{
    private const string Tool = TestSnapshots.Tool;
    private const string Round = "2026-11-27";
    private static readonly DateTimeOffset NextDay = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task RemoteRefusesPushes_RoundPublishesFromBlob_UpkeepPushesGroundTruthOnceWhenItAccepts()
    {
        using var timeout = TestSites.Timeout(300);
        var ct = timeout.Token;
        using var remotes = new GitRepositories();
        var remote = remotes.CreateBare(Tool);
        GitRepositories.Git(remote, "config", "http.receivepack", "true");
        GitRepositories.RefusePushes(remote, "read-only remote for mao");
        using var server = new GitHttpServer(remotes.Root);
        await using var federation = new ProcessFederation(azurite, etcd);
        federation.UseGitRemote("site-a", $"http://127.0.0.1:{server.Port}");
        await federation.StartAsync(ct, "site-a", "site-b");
        var kept = await federation.KeepAsync("site-a", TestSnapshots.Measurement("site-a", nginxLatency: 10), ct);
        await federation.KeepAsync("site-b", TestSnapshots.Measurement("site-b", nginxLatency: 10), ct);

        var (status, _) = await federation.StartRoundAsync("site-a", new StartRoundBody(Tool, ExpectedPeers: ["site-b"], AnswerWindowSeconds: 30), ct);
        Assert.Equal(HttpStatusCode.Accepted, status);
        var result = (await federation.WaitFinishedAsync("site-a", Tool, Round, ct)).Result!;
        var log = File.ReadAllText(federation["site-a"].LogPath);

        // Published from blob, no git location, and the host said why.
        Assert.True(result.Published);
        Assert.Equal(new[] { "site-a", "site-b" }, result.Verified.Support.Order(StringComparer.Ordinal));
        Assert.Equal([LocationKind.Http], kept.Locations.Select(l => l.Kind));
        Assert.Equal([LocationKind.Http], result.Verified.Snapshot.Locations.Select(l => l.Kind));
        Assert.Equal(1, (await federation.VerifiedEntryAsync("site-a", Tool, Round, ct))!.Version);
        Assert.Contains($"not pushed to {server.Url(Tool)}", log, StringComparison.Ordinal);
        Assert.Contains("refused ground-truth", log, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => GitRepositories.Git(remote, "rev-parse", "--verify", "ground-truth"));

        // The remote accepts again: the upkeep job (run here on the stopped site's data) pushes both branches and the tag, once.
        federation.Kill("site-a");
        File.Delete(Path.Combine(remote, "hooks", "pre-receive"));
        var upkeep = new DatasetUpkeep(federation.Settings("site-a"), Microsoft.Extensions.Logging.Abstractions.NullLogger<DatasetUpkeep>.Instance);
        Assert.Equal([$"{Tool}:sites/site-a", $"{Tool}:ground-truth"], await upkeep.PushPendingAsync(ct));
        Assert.Empty(await upkeep.PushPendingAsync(ct));
        Assert.Equal("1", GitRepositories.Git(remote, "rev-list", "--count", "ground-truth").Trim());
        Assert.Equal($"verified/{Round}", GitRepositories.Git(remote, "tag", "--list", "verified/*").Trim());
        Assert.Equal(kept.ContentId, SnapshotIdsOn(remote, "sites/site-a").Single());
        Assert.Equal(result.Verified.Snapshot.ContentId, SnapshotIdsOn(remote, "ground-truth").Single());
    }

    [Fact]
    public async Task RemoteUnreachable_SnapshotKeptInBlob_ErrorNamesTheRemote_PushedOnceItListens()
    {
        using var timeout = TestSites.Timeout(120);
        var ct = timeout.Token;
        using var root = new TempFolder("mao-git-faults");
        var port = FreePorts.Next(); // nothing listens here yet
        var settings = Settings(root.Path, $"http://127.0.0.1:{port}");
        var capture = new LogCapture();
        await using var site = await LibraryAsync(settings, capture, ct);
        var snapshot = TestSnapshots.Measurement("site-a", nginxLatency: 10);

        var kept = await site.Library.KeepAsync(snapshot, ct);

        Assert.Equal([LocationKind.Http], kept.Locations.Select(l => l.Kind));
        Assert.Equal(snapshot.ContentId, (await site.Store.GetAsync(snapshot.ContentId, ct)).ContentId);
        Assert.Contains(capture.Warnings, w => w.Contains(snapshot.ContentId, StringComparison.Ordinal) && w.Contains($"127.0.0.1:{port}", StringComparison.Ordinal));

        using var remotes = new GitRepositories();
        var remote = remotes.CreateBare(Tool);
        GitRepositories.Git(remote, "config", "http.receivepack", "true");
        using var server = new GitHttpServer(remotes.Root, port);
        var upkeep = new DatasetUpkeep(settings, Microsoft.Extensions.Logging.Abstractions.NullLogger<DatasetUpkeep>.Instance);
        Assert.Equal([$"{Tool}:sites/site-a"], await upkeep.PushPendingAsync(ct));
        Assert.Empty(await upkeep.PushPendingAsync(ct));
        Assert.Equal([snapshot.ContentId], SnapshotIdsOn(remote, "sites/site-a"));
        var found = await site.Library.FindAsync(snapshot.ContentId, ct);
        Assert.Equal(GitRepositories.Git(remote, "rev-parse", "sites/site-a").Trim(), found!.Locations.Single(l => l.Kind == LocationKind.Git).Commit);
    }

    [Fact]
    public async Task RemoteServesACorruptObject_SnapshotKeptInBlob_NothingCorruptEntersTheDataset_PushedOnceRepaired()
    {
        using var timeout = TestSites.Timeout(120);
        var ct = timeout.Token;
        using var root = new TempFolder("mao-git-faults");
        using var remotes = new GitRepositories();
        var remote = remotes.CreateBare(Tool);
        GitRepositories.Git(remote, "config", "http.receivepack", "true");
        using var server = new GitHttpServer(remotes.Root);
        var settings = Settings(root.Path, $"http://127.0.0.1:{server.Port}");
        var capture = new LogCapture();
        await using var site = await LibraryAsync(settings, capture, ct);
        var first = TestSnapshots.Measurement("site-a", nginxLatency: 10);
        var second = TestSnapshots.Measurement("site-a", nginxLatency: 11, observedAt: NextDay);
        Assert.Equal(2, (await site.Library.KeepAsync(first, ct)).Locations.Count);

        // Someone else moved the site's branch on with a commit whose blob the remote now holds damaged: a valid
        // object file whose content no longer hashes to its name, so git serves it without complaint.
        var (blob, original) = ForeignCommitWithCorruptBlob(remotes, remote);
        var kept = await site.Library.KeepAsync(second, ct);

        Assert.Equal([LocationKind.Http], kept.Locations.Select(l => l.Kind));
        Assert.Equal(second.ContentId, (await site.Store.GetAsync(second.ContentId, ct)).ContentId);
        Assert.Contains(capture.Warnings, w => w.Contains(second.ContentId, StringComparison.Ordinal) && w.Contains(server.Url(Tool), StringComparison.Ordinal)
            && w.Contains($"names blob {blob} (notes.txt), which is missing or does not match its content", StringComparison.Ordinal));
        var dataset = Path.Combine(settings.DataDirectory, "datasets", Tool + ".git");
        AssertIntact(dataset);
        Assert.DoesNotContain(blob, GitRepositories.Git(dataset, "rev-list", "--all", "--objects"));

        // Repaired: the next upkeep run replays our commit on the remote's tip and pushes it, once.
        GitRepositories.WriteLooseObject(remote, blob, original);
        var upkeep = new DatasetUpkeep(settings, site.Provider.GetRequiredService<ILogger<DatasetUpkeep>>());
        Assert.Equal([$"{Tool}:sites/site-a"], await upkeep.PushPendingAsync(ct));
        Assert.Empty(await upkeep.PushPendingAsync(ct));
        Assert.Equal([first.ContentId, second.ContentId], SnapshotIdsOn(remote, "sites/site-a"));
        AssertIntact(dataset);
    }

    private FederationSettings Settings(string root, string gitRemote)
    {
        var settings = TestSites.Options(azurite, etcd, root, TestSites.UniqueRun()).Federation;
        settings.GitRemote = gitRemote;
        settings.PublicEndpoint = "http://127.0.0.1:9/"; // pointers name it; nothing here serves it
        return settings;
    }

    /// <summary>The site's own library (blob + table, dataset repository) built in this process, logging into <paramref name="capture"/>.</summary>
    private static async Task<SiteLibrary> LibraryAsync(FederationSettings settings, LogCapture capture, CancellationToken ct)
    {
        var provider = new ServiceCollection().AddLogging(l => l.AddProvider(capture)).AddFederation(settings).BuildServiceProvider();
        var store = provider.GetRequiredService<SnapshotStore>();
        await store.InitializeAsync(ct);
        return new SiteLibrary(provider, store, provider.GetRequiredService<ISnapshotLibrary>());
    }

    private sealed record SiteLibrary(ServiceProvider Provider, SnapshotStore Store, ISnapshotLibrary Library) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Provider.DisposeAsync();
    }

    /// <summary>Commits notes.txt on sites/site-a through a clone, pushes it to the remote (loose there), then damages its blob; returns the blob id and its true file.</summary>
    private static (string Blob, byte[] Original) ForeignCommitWithCorruptBlob(GitRepositories remotes, string remote)
    {
        var clone = Path.Combine(remotes.Root, "other-writer");
        GitRepositories.Git(remotes.Root, "clone", "--quiet", "--branch", "sites/site-a", remote, clone);
        File.WriteAllText(Path.Combine(clone, "notes.txt"), "written by another tool on the same branch\n");
        GitRepositories.Git(clone, "add", "notes.txt");
        GitRepositories.Git(clone, "-c", "user.name=other", "-c", "user.email=other@example.org", "commit", "--quiet", "-m", "notes");
        GitRepositories.Git(clone, "push", "--quiet", "origin", "sites/site-a");
        var blob = GitRepositories.Git(clone, "rev-parse", "HEAD:notes.txt").Trim();
        return (blob, GitRepositories.DamageLooseObject(remote, blob));
    }

    /// <summary>git fsck finds every object reachable from every ref present and hashing to its name.</summary>
    private static void AssertIntact(string repository)
    {
        var info = new System.Diagnostics.ProcessStartInfo("git", ["fsck", "--strict", "--no-dangling", "--no-progress"])
        {
            WorkingDirectory = repository, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var fsck = System.Diagnostics.Process.Start(info)!;
        var report = fsck.StandardOutput.ReadToEnd() + fsck.StandardError.ReadToEnd();
        fsck.WaitForExit();
        Assert.True(fsck.ExitCode == 0, $"git fsck of {repository} failed:\n{report}");
    }

    private static List<string> SnapshotIdsOn(string remote, string branch) =>
        GitRepositories.Git(remote, "log", "--reverse", "--format=%(trailers:key=Snapshot-Id,valueonly)", branch)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}
