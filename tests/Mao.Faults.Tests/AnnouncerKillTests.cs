using System.Net;
using Mao.Core.Serialization;
using Mao.Federation.Registry.Documents;
using Mao.Orchestrations.Api;
using Mao.Orchestrations.Rounds;
using Mao.Faults.Tests.Support;
using Mao.Site.Tests.Support;
using Mao.Testing;

namespace Mao.Faults.Tests;

/// <summary>
/// The announcing site host is SIGKILLed in the middle of a round and restarted with the same data folder and task
/// hub: the durable round resumes from its history and publishes exactly once. Activities run at least once, so only
/// their effects are counted (one etcd write of the result, one ground-truth commit, one tag), never their runs.
/// </summary>
[Collection(FaultsCollection.Name)]
public sealed class AnnouncerKillTests(AzuriteFixture azurite, EtcdFixture etcd)
{
    private const string Tool = TestSnapshots.Tool;
    private const string Round = "2026-11-27";

    [Fact]
    public async Task AnnouncerKilledAsItsAnnouncementLands_AnnounceRunsAgain_AnnouncedOncePublishedOnce()
    {
        using var timeout = TestSites.Timeout(300);
        var ct = timeout.Token;
        await using var federation = new ProcessFederation(azurite, etcd);
        await federation.StartAsync(ct, "site-a", "site-b", "site-c");
        await federation.KeepAsync("site-a", TestSnapshots.Measurement("site-a", nginxLatency: 10), ct);
        await federation.KeepAsync("site-b", TestSnapshots.Measurement("site-b", nginxLatency: 10), ct);

        var (status, _) = await federation.StartRoundAsync("site-a",
            new StartRoundBody(Tool, ExpectedPeers: ["site-b", "site-c"], AnswerWindowSeconds: 30), ct);
        Assert.Equal(HttpStatusCode.Accepted, status);
        // The announce activity has written the announcement: kill before its completion can move the round on.
        while (await federation.EntryAsync(federation.Keys.Round(Tool, Round, "site-a"), ct) is null)
        {
            await Task.Delay(10, ct);
        }
        federation.Kill("site-a");
        Assert.Null(await federation.VerifiedEntryAsync("site-a", Tool, Round, ct));
        await federation.StartAsync("site-a", ct);
        var result = (await federation.WaitFinishedAsync("site-a", Tool, Round, ct)).Result!;

        Assert.True(result.Published);
        // Rarely fails under load: the answers never reach the restarted round (docs/site-host.md, "Known flaky"); the
        // message carries what is needed to find out why.
        Assert.True(result.Answered.SequenceEqual(["site-b", "site-c"]),
            $"answered [{string.Join(',', result.Answered)}], timed out [{string.Join(',', result.Verified.TimedOut)}], " +
            $"rejected [{string.Join("; ", result.Verified.Rejected)}]\nfirst host:\n{File.ReadAllText(Path.Combine(federation.Root, "logs", "site-a.1.log"))}" +
            $"\nrestarted host:\n{federation["site-a"].LogTail(200)}");
        Assert.Equal(["site-c"], result.Verified.Accepted);
        Assert.Equal(new[] { "site-a", "site-b" }, result.Verified.Support.Order(StringComparer.Ordinal));
        // An announce that runs again finds its identical announcement and writes nothing.
        Assert.Equal(1, (await federation.EntryAsync(federation.Keys.Round(Tool, Round, "site-a"), ct))!.Version);
        await AssertPublishedOnceAsync(federation, ct);
    }

    [Fact]
    public async Task AnnouncerKilledWhileCollecting_RestartedRoundCompletes_PublishedOnce()
    {
        using var timeout = TestSites.Timeout(300);
        var ct = timeout.Token;
        await using var federation = new ProcessFederation(azurite, etcd);
        await federation.StartAsync(ct, "site-a", "site-b", "site-c");
        await federation.KeepAsync("site-a", TestSnapshots.Measurement("site-a", nginxLatency: 10), ct);
        await federation.KeepAsync("site-b", TestSnapshots.Measurement("site-b", nginxLatency: 10), ct);

        // site-x never answers: the round keeps collecting until its deadline, long enough to kill the announcer in it.
        var (status, _) = await federation.StartRoundAsync("site-a",
            new StartRoundBody(Tool, ExpectedPeers: ["site-b", "site-c", "site-x"], AnswerWindowSeconds: 25), ct);
        Assert.Equal(HttpStatusCode.Accepted, status);
        var before = await federation.WaitStatusAsync("site-a", Tool, Round,
            s => s.Progress is { Stage: RoundProgress.Collecting, Answered: ["site-b", "site-c"] }, ct);
        Assert.NotNull(await federation.EntryAsync(federation.Keys.Round(Tool, Round, "site-a"), ct));

        federation.Kill("site-a");
        Assert.True(federation["site-a"].HasExited);
        Assert.Null(await federation.VerifiedEntryAsync("site-a", Tool, Round, ct));
        await federation.StartAsync("site-a", ct);
        var after = await federation.WaitFinishedAsync("site-a", Tool, Round, ct);

        Assert.Equal("Running", before.RuntimeStatus);
        var result = after.Result!;
        Assert.True(result.Published);
        Assert.Equal(["site-b", "site-c"], result.Answered);
        Assert.Equal(["site-x"], result.Verified.TimedOut);
        Assert.Equal(["site-c"], result.Verified.Accepted);
        Assert.Equal(new[] { "site-a", "site-b" }, result.Verified.Support.Order(StringComparer.Ordinal));
        await AssertPublishedOnceAsync(federation, ct);
    }

    [Fact]
    public async Task AnnouncerKilledWhileFetching_FetchRunsAgainAfterTheRestart_PublishedOnce()
    {
        using var timeout = TestSites.Timeout(300);
        var ct = timeout.Token;
        await using var federation = new ProcessFederation(azurite, etcd);
        await federation.StartAsync(ct, "site-a");
        await federation.KeepAsync("site-a", TestSnapshots.Measurement("site-a", nginxLatency: 10), ct);
        // site-s serves its snapshot slowly (within the 10 s fetch timeout), so the fetch activity is in flight when the announcer dies.
        var snapshot = TestSnapshots.Measurement("site-s", nginxLatency: 10);
        await using var server = await SlowPeerServer.StartAsync(snapshot, TimeSpan.FromSeconds(4), ct);
        await using var slow = await VirtualPeer.JoinAsync(federation.Settings("site-a"), "site-s", server.Address, ct);

        var (status, _) = await federation.StartRoundAsync("site-a", new StartRoundBody(Tool, ExpectedPeers: ["site-s"], AnswerWindowSeconds: 30), ct);
        Assert.Equal(HttpStatusCode.Accepted, status);
        var location = new SnapshotLocation(LocationKind.Http, new Uri(server.Address, $"api/snapshots/{snapshot.ContentId}").ToString());
        await slow.Registry.AnswerAsync(new RoundAnswer(Tool, Round, "site-s", 1, AnswerKind.Snapshot,
            new SnapshotPointer(snapshot.ContentId, SnapshotJsonLines.ToBytes(snapshot).Length, Tool, "1.0", "site-s", Round,
                snapshot.Header.ObservedAt, [location])), ct);
        await federation.WaitStatusAsync("site-a", Tool, Round, s => s.Progress?.Stage == RoundProgress.Fetching, ct);
        while (server.Requests == 0)
        {
            await Task.Delay(50, ct);
        }

        federation.Kill("site-a");
        Assert.Null(await federation.VerifiedEntryAsync("site-a", Tool, Round, ct));
        await federation.StartAsync("site-a", ct);
        var result = (await federation.WaitFinishedAsync("site-a", Tool, Round, ct)).Result!;

        // The killed fetch never got its answer, so the snapshot that counts came from a fetch run after the restart.
        Assert.True(server.Requests >= 2, $"{server.Requests} snapshot requests");
        Assert.True(result.Published);
        Assert.Equal(new[] { "site-a", "site-s" }, result.Verified.Support.Order(StringComparer.Ordinal));
        Assert.Empty(result.Verified.Rejected);
        await AssertPublishedOnceAsync(federation, ct);
    }

    [Fact]
    public async Task AnnouncerKilledWhileVerifying_VerifyRunsAgain_PublishedOnce()
    {
        using var timeout = TestSites.Timeout(300);
        var ct = timeout.Token;
        await using var federation = new ProcessFederation(azurite, etcd);
        await federation.StartAsync(ct, "site-a", "site-b");
        // Large enough that the verify stage lasts well beyond one status poll, so the kill lands in it.
        await federation.KeepAsync("site-a", Large("site-a", shift: 0), ct);
        await federation.KeepAsync("site-b", Large("site-b", shift: 1), ct);

        var (status, _) = await federation.StartRoundAsync("site-a", new StartRoundBody(Tool, ExpectedPeers: ["site-b"], AnswerWindowSeconds: 30), ct);
        Assert.Equal(HttpStatusCode.Accepted, status);
        var seen = await federation.WaitStatusAsync("site-a", Tool, Round,
            s => s.Progress?.Stage is RoundProgress.Verifying or RoundProgress.Publishing or RoundProgress.Done, ct);
        federation.Kill("site-a");
        Assert.Equal(RoundProgress.Verifying, seen.Progress!.Stage);
        Assert.Null(await federation.VerifiedEntryAsync("site-a", Tool, Round, ct));
        Assert.Equal((0, []), federation.PublishedInRemote("site-a", Tool));
        await federation.StartAsync("site-a", ct);
        var result = (await federation.WaitFinishedAsync("site-a", Tool, Round, ct)).Result!;

        Assert.True(result.Published);
        Assert.Equal(new[] { "site-a", "site-b" }, result.Verified.Support.Order(StringComparer.Ordinal));
        await AssertPublishedOnceAsync(federation, ct);
    }

    // Verify must outlast a status poll even when the stage is short-lived under load (20,000 once proved too few).
    private const int LargeRecords = 100_000;

    /// <summary>A snapshot of many records; sites with another shift disagree on every tenth latency.</summary>
    private static Mao.Core.Model.Snapshot Large(string site, int shift) =>
        TestSnapshots.Make(site, Enumerable.Range(0, LargeRecords)
            .Select(i => ($"library/image-{i:D6}", (double)(i % 97 + (i % 10 == 0 ? shift : 0)), i % 3 == 0 ? "arm64" : "amd64", new[] { "latest" }))
            .ToArray());

    [Fact]
    public async Task AnnouncerKilledWhilePushingTheGroundTruth_PublishRunsAgain_OneCommitOneTagOneResult()
    {
        using var timeout = TestSites.Timeout(300);
        var ct = timeout.Token;
        using var remotes = new GitRepositories();
        var remote = remotes.CreateBare(Tool);
        GitRepositories.Git(remote, "config", "http.receivepack", "true");
        var pushing = Path.Combine(remotes.Root, "ground-truth-push-started");
        HoldFirstGroundTruthPush(remote, pushing, TimeSpan.FromSeconds(8));
        using var server = new GitHttpServer(remotes.Root);
        await using var federation = new ProcessFederation(azurite, etcd);
        federation.UseGitRemote("site-a", $"http://127.0.0.1:{server.Port}");
        await federation.StartAsync(ct, "site-a", "site-b");
        await federation.KeepAsync("site-a", TestSnapshots.Measurement("site-a", nginxLatency: 10), ct);
        await federation.KeepAsync("site-b", TestSnapshots.Measurement("site-b", nginxLatency: 10), ct);

        var (status, _) = await federation.StartRoundAsync("site-a", new StartRoundBody(Tool, ExpectedPeers: ["site-b"], AnswerWindowSeconds: 30), ct);
        Assert.Equal(HttpStatusCode.Accepted, status);
        // The publish activity has committed and tagged locally and its push is held by the remote's hook: kill now.
        while (!File.Exists(pushing))
        {
            Assert.Null((await federation.StatusAsync("site-a", Tool, Round, ct))?.Result);
            await Task.Delay(50, ct);
        }
        federation.Kill("site-a");
        Assert.Null(await federation.VerifiedEntryAsync("site-a", Tool, Round, ct));
        await federation.StartAsync("site-a", ct);
        var result = (await federation.WaitFinishedAsync("site-a", Tool, Round, ct)).Result!;

        Assert.True(result.Published);
        Assert.Equal(new[] { "site-a", "site-b" }, result.Verified.Support.Order(StringComparer.Ordinal));
        var entry = await federation.VerifiedEntryAsync("site-a", Tool, Round, ct);
        Assert.Equal(1, entry!.Version);
        Assert.Equal("1", GitRepositories.Git(remote, "rev-list", "--count", "ground-truth").Trim());
        Assert.Equal($"verified/{Round}", GitRepositories.Git(remote, "tag", "--list", "verified/*").Trim());
        Assert.Contains(result.Verified.Snapshot.Locations, l => l.Kind == LocationKind.Git && l.Commit == GitRepositories.Git(remote, "rev-parse", "ground-truth").Trim());
    }

    /// <summary>A pre-receive hook (smart HTTP runs hooks) that holds the first push of the ground-truth branch for a while.</summary>
    private static void HoldFirstGroundTruthPush(string remote, string marker, TimeSpan hold)
    {
        var hook = Path.Combine(remote, "hooks", "pre-receive");
        File.WriteAllText(hook, $"""
            #!/bin/sh
            while read old new ref; do
              if [ "$ref" = "refs/heads/ground-truth" ] && [ ! -e '{marker}' ]; then touch '{marker}'; sleep {(int)hold.TotalSeconds}; fi
            done
            exit 0

            """);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(hook, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>One write of the verified key (etcd Version 1), one ground-truth commit and one tag pushed by the announcer.</summary>
    internal static async Task AssertPublishedOnceAsync(ProcessFederation federation, CancellationToken ct, string announcer = "site-a")
    {
        var entry = await federation.VerifiedEntryAsync("site-a", Tool, Round, ct);
        Assert.NotNull(entry);
        Assert.Equal(1, entry.Version);
        var (commits, tags) = federation.PublishedInRemote(announcer, Tool);
        Assert.Equal(1, commits);
        Assert.Equal([$"verified/{Round}"], tags);
    }
}
