using Mao.Core.Model;
using Mao.Federation.Registry.Documents;
using Mao.Federation.Rounds;
using Mao.Testing;

namespace Mao.Federation.Tests.Rounds;

/// <summary>
/// Accepting verified results: three sites watch /verified; the one holding a newer own measurement keeps it and says
/// so, the others (the publisher too) accept; decisions are recorded once; forged values are never applied.
/// </summary>
[Collection(RoundsCollection.Name)]
public sealed class VerifiedWatcherTests(AzuriteFixture azurite, EtcdFixture etcd)
{
    private const string Tool = "dockerhub-arch";
    private static readonly DateTimeOffset Measured = new(2026, 11, 1, 10, 0, 0, TimeSpan.Zero);
    private readonly CancellationToken _timeout = TestSnapshots.Timeout(120);
    private readonly string _root = Registry.TestSite.NewRoot();

    [Fact]
    public async Task ThreeSites_NewerOwnMeasurementKept_OthersAccept_DecidedOnceAcrossRestarts()
    {
        await using var a = await PublishSite.StartAsync(PublishSite.Name("site-a"), _root, azurite, etcd, null, _timeout);
        await using var b = await PublishSite.StartAsync(PublishSite.Name("site-b"), _root, azurite, etcd, null, _timeout);
        await using var c = await PublishSite.StartAsync(PublishSite.Name("site-c"), _root, azurite, etcd, null, _timeout);
        await b.Store.PutAsync(TestSnapshots.Make(Tool, b.Site, Measured.AddHours(-1)), _timeout); // older than the ground truth
        var newer = TestSnapshots.Make(Tool, c.Site, Measured.AddHours(2), seed: 5);
        await c.Store.PutAsync(newer, _timeout);
        var published = await a.Sink.PublishAsync(await a.DraftAsync(TestSnapshots.Make(Tool, "ground-truth", Measured), "round-1", _timeout), _timeout);
        var sites = new[] { a, b, c };

        var watchers = sites.Select(s => s.Watcher()).ToArray();
        await StartAsync(watchers);
        var decided = await Task.WhenAll(sites.Select(s => DecisionAsync(s, "2026-11-01")));
        await StopAsync(watchers);

        var truthId = published.Standing.Snapshot.ContentId;
        Assert.All(decided, d => Assert.Equal(("round-1", a.Site, truthId), (d.Round, d.Publisher, d.VerifiedContentId)));
        Assert.Equal(SiteDecisions.Accepted, decided[0].Decision);
        Assert.Equal("holds no own measurement of the tool", decided[0].Reason);
        Assert.Equal(SiteDecisions.Accepted, decided[1].Decision);
        Assert.Null(decided[1].OwnContentId);
        Assert.Equal(SiteDecisions.KeptOwn, decided[2].Decision);
        Assert.Equal(newer.ContentId, decided[2].OwnContentId);
        Assert.Equal(Measured.AddHours(2), decided[2].OwnObservedAt);
        Assert.Equal($"holds a newer measurement {newer.ContentId} observed at 2026-11-01T12:00:00Z than the ground truth's 2026-11-01T10:00:00Z",
            decided[2].Reason);

        // b now measures something newer too, and every watcher restarts: the result is delivered again, nothing changes.
        await b.Store.PutAsync(TestSnapshots.Make(Tool, b.Site, Measured.AddHours(5), seed: 9), _timeout);
        var restarted = sites.Select(s => s.Watcher()).ToArray();
        await StartAsync(restarted);
        await EventuallyAsync(() => Task.FromResult(restarted.All(w => w.Handled >= 1)), "the restarted watchers to see the result again");
        await StopAsync(restarted);
        for (var i = 0; i < sites.Length; i++)
        {
            var all = await sites[i].Decisions.ListAsync(null, _timeout);
            Assert.Equal(decided[i], Assert.Single(all));
        }
    }

    [Fact]
    public async Task ForgedOrCopiedVerifiedValue_NeverApplied_AndShownAsAProblem()
    {
        await using var a = await PublishSite.StartAsync(PublishSite.Name("site-a"), _root, azurite, etcd, null, _timeout);
        await using var b = await PublishSite.StartAsync(PublishSite.Name("site-b"), _root, azurite, etcd, null, _timeout);
        var first = await a.Sink.PublishAsync(await a.DraftAsync(TestSnapshots.Make(Tool, "ground-truth", Measured), "round-1", _timeout), _timeout);
        var genuine = (await a.Registry.Etcd.GetAsync(a.Registry.Keys.Verified(Tool, "2026-11-01", a.Site), _timeout))!.Value;
        var etcdClient = a.Registry.Etcd;
        // Altered in place for another period (signature no longer verifies), and copied unchanged to another period's
        // key, both periods claimed by a's rounds (a period nobody claimed has no result to read at all).
        Assert.True((await a.Registry.ClaimRoundAsync(Tool, "2026-11-02", "round-1", DateTimeOffset.UtcNow, _timeout)).Won);
        Assert.True((await a.Registry.ClaimRoundAsync(Tool, "2026-11-03", "round-1", DateTimeOffset.UtcNow, _timeout)).Won);
        await etcdClient.PutAsync(etcdClient.Keys.Verified(Tool, "2026-11-02", a.Site), genuine.Replace("2026-11-01", "2026-11-02", StringComparison.Ordinal), 0, _timeout);
        await etcdClient.PutAsync(etcdClient.Keys.Verified(Tool, "2026-11-03", a.Site), genuine, 0, _timeout);
        // A genuine later result: once it is decided, the watch has passed the forged ones (revision order).
        await a.Sink.PublishAsync(await a.DraftAsync(TestSnapshots.Make(Tool, "ground-truth", Measured.AddDays(3)), "round-4", _timeout), _timeout);

        var watcher = b.Watcher();
        await watcher.StartAsync(_timeout);
        await DecisionAsync(b, "2026-11-04");
        await watcher.StopAsync(_timeout);

        var decisions = await b.Decisions.ListAsync(Tool, _timeout);
        Assert.Equal(["2026-11-01", "2026-11-04"], decisions.Select(d => d.Period));
        var view = new SiteView(b.Registry, b.Settings, b.Decisions);
        var forged = (await view.VerifiedAsync(Tool, "2026-11-02", _timeout))!;
        Assert.Null(forged.Decision);
        Assert.Null(forged.Verified);
        Assert.Contains("forged or altered", forged.Problem, StringComparison.Ordinal);
        Assert.Contains("copied", (await view.VerifiedAsync(Tool, "2026-11-03", _timeout))!.Problem, StringComparison.Ordinal);
        var standing = (await view.VerifiedAsync(Tool, "2026-11-01", _timeout))!;
        Assert.Equal(SiteDecisions.Accepted, standing.Decision!.Decision);
        Assert.Equal(first.Standing.Snapshot.ContentId, standing.Verified!.Snapshot.ContentId);
        Assert.Null(standing.Problem);
        Assert.Null(await view.VerifiedAsync(Tool, "2026-12-31", _timeout));
        Assert.Equal(2, (await view.DecisionsAsync(null, _timeout)).Count);
        await Assert.ThrowsAsync<Core.MaoFormatException>(() => view.VerifiedAsync("../etc", "2026-11-01", _timeout));
    }

    [Fact]
    public async Task ResultOfASiteWithoutThePeriodsClaim_NeverApplied_TheWinnersIs()
    {
        await using var a = await PublishSite.StartAsync(PublishSite.Name("site-a"), _root, azurite, etcd, null, _timeout);
        await using var b = await PublishSite.StartAsync(PublishSite.Name("site-b"), _root, azurite, etcd, null, _timeout);
        await using var c = await PublishSite.StartAsync(PublishSite.Name("site-c"), _root, azurite, etcd, null, _timeout);
        var genuine = await a.DraftAsync(TestSnapshots.Make(Tool, "ground-truth", Measured), "round-1", _timeout);
        // b claims too late and publishes a false result anyway (straight to the registry, as a dishonest site would),
        // first for the period a won, then for a period nobody claimed. Both land under b's own prefix.
        var falseResult = await b.DraftAsync(TestSnapshots.Make(Tool, "ground-truth", Measured, seed: 7), "round-b", _timeout);
        Assert.True((await b.Registry.PublishVerifiedAsync(falseResult, _timeout)).Won);
        Assert.True((await b.Registry.PublishVerifiedAsync(falseResult with { Period = "2026-11-05", Round = "round-b5" }, _timeout)).Won);
        await a.Sink.PublishAsync(genuine, _timeout);

        var watcher = c.Watcher();
        await watcher.StartAsync(_timeout);
        var decision = await DecisionAsync(c, "2026-11-01");
        await watcher.StopAsync(_timeout);

        Assert.Equal(("round-1", a.Site, genuine.Snapshot.ContentId), (decision.Round, decision.Publisher, decision.VerifiedContentId));
        Assert.NotEqual(falseResult.Snapshot.ContentId, decision.VerifiedContentId);
        Assert.Equal(["2026-11-01"], (await c.Decisions.ListAsync(Tool, _timeout)).Select(d => d.Period));
        var view = new SiteView(c.Registry, c.Settings, c.Decisions);
        Assert.Equal(a.Site, (await view.VerifiedAsync(Tool, "2026-11-01", _timeout))!.Verified!.Site);
        Assert.Null(await view.VerifiedAsync(Tool, "2026-11-05", _timeout));
        // What the watch delivers for the three results (in key order): a's accepted, b's two as rejections naming the claim.
        var delivered = new List<string>();
        var fresh = new global::Mao.Federation.Registry.FederationRegistry(c.Registry.Etcd, c.Registry.Signer); // c.Registry's replay guard has seen a's result: a watch there skips it
        await foreach (var change in fresh.WatchVerifiedAsync(Tool, _timeout))
        {
            delivered.Add(change.Accepted is { } ok ? $"accepted {ok.Message.Round} of {ok.Message.Site}" : change.Rejection!.Reason);
            if (delivered.Count == 3)
            {
                break;
            }
        }
        Assert.Equal([$"accepted round-1 of {a.Site}",
            $"verified result of round round-b by {b.Site}, but the claim of {Tool}/2026-11-01 was won by round round-1 of {a.Site}",
            $"verified result of round round-b5 by {b.Site}, but the claim of {Tool}/2026-11-05 has no signed claim"], delivered);
    }

    [Fact]
    public async Task DecisionFailsOnce_WatchReconnects_AndTheResultIsDecidedAfterAll()
    {
        await using var a = await PublishSite.StartAsync(PublishSite.Name("site-a"), _root, azurite, etcd, null, _timeout);
        await using var b = await PublishSite.StartAsync(PublishSite.Name("site-b"), _root, azurite, etcd, null, _timeout);
        await a.Sink.PublishAsync(await a.DraftAsync(TestSnapshots.Make(Tool, "ground-truth", Measured), "round-1", _timeout), _timeout);
        var flaky = new FailingOnceLibrary(b.Library);

        using var watcher = new VerifiedWatcher(b.Registry, flaky, b.Settings, decisions: b.Decisions);
        await watcher.StartAsync(_timeout);
        var decision = await DecisionAsync(b, "2026-11-01");
        await watcher.StopAsync(_timeout);

        Assert.Equal(2, flaky.Calls); // failed, reconnected, delivered again
        Assert.Equal(SiteDecisions.Accepted, decision.Decision);
    }

    /// <summary>Storage blips once: the first question about the newest own snapshot fails.</summary>
    private sealed class FailingOnceLibrary(ISnapshotLibrary inner) : ISnapshotLibrary
    {
        public int Calls;

        public Task<SnapshotPointer?> NewestAsync(string tool, CancellationToken cancellationToken) =>
            Interlocked.Increment(ref Calls) == 1 ? throw new IOException("storage blip (test)") : inner.NewestAsync(tool, cancellationToken);

        public Task<SnapshotPointer> KeepAsync(Snapshot snapshot, CancellationToken cancellationToken) => inner.KeepAsync(snapshot, cancellationToken);

        public Task<Snapshot> LoadAsync(string contentId, CancellationToken cancellationToken) => inner.LoadAsync(contentId, cancellationToken);

        public Task<SnapshotPointer?> FindAsync(string contentId, CancellationToken cancellationToken) => inner.FindAsync(contentId, cancellationToken);

        public Task<SnapshotPointer?> ComparableAsync(string tool, string period, string toolVersion, CancellationToken cancellationToken) =>
            inner.ComparableAsync(tool, period, toolVersion, cancellationToken);
    }

    private static Task StartAsync(IEnumerable<VerifiedWatcher> watchers) => Task.WhenAll(watchers.Select(w => w.StartAsync(CancellationToken.None)));

    private static async Task StopAsync(IEnumerable<VerifiedWatcher> watchers)
    {
        foreach (var watcher in watchers)
        {
            await watcher.StopAsync(CancellationToken.None);
            watcher.Dispose();
        }
    }

    private async Task<SiteDecision> DecisionAsync(PublishSite site, string period)
    {
        SiteDecision? decision = null;
        await EventuallyAsync(async () => (decision = await site.Decisions.GetAsync(Tool, period, _timeout)) is not null,
            $"{site.Site} to decide about {Tool}/{period}");
        return decision!;
    }

    private async Task EventuallyAsync(Func<Task<bool>> done, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(100, _timeout);
        }
    }
}
