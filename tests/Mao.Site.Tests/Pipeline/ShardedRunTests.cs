using Mao.Core.Model;
using Mao.Core.Sharding;
using Mao.Federation.Registry;
using Mao.Federation.Rounds;
using Mao.Orchestrations.Rounds;
using Mao.Orchestrations.ToolRuns;
using Mao.Orchestrations.Verification;
using Mao.Site.Tests.Support;
using Mao.Testing;
using Mao.Testing.Replay;
using Microsoft.Extensions.DependencyInjection;

namespace Mao.Site.Tests.Pipeline;

/// <summary>
/// dockerhub-tags sharded across sites by the live site cards: each site crawls only the repositories it owns
/// (each its own replay server, so requests are counted per site), the round verifies the overlap, the period's
/// ground truth is the union of the shards; after a site leaves, the next period's shards still cover everything.
/// </summary>
[Collection(FederationCollection.Name)]
public sealed class ShardedRunTests(AzuriteFixture azurite, EtcdFixture etcd)
{
    private const string Tags = "dockerhub-tags";
    private static readonly string[] Sites = ["site-a", "site-b", "site-c"];

    [Fact]
    public async Task ThreeSitesShardWithOverlapTwo_RoundVerifiesTheOverlap_OneLeaves_TwoStillCoverEveryRepository()
    {
        using var timeout = TestSites.Timeout(300);
        var ct = timeout.Token;
        // 12 repositories of 3 tags, one page each: a repository is one unit.
        var world = SyntheticHub.Build("library", repositories: 12, tagsPerRepository: 3);
        var repositories = world.Namespaces["library"];
        await using var federation = new TestFederation(azurite, etcd);
        var replays = new Dictionary<string, ReplayServer>(StringComparer.Ordinal);
        try
        {
            foreach (var site in Sites)
            {
                var (replay, settings) = await PipelineBed.DockerHubAsync(world, pageSize: 5);
                replays[site] = replay;
                settings[ToolShards.ReplicasKey(Tags)] = "2";
                var options = PipelineBed.Site(federation, site, Tags, replay, schedule: null, settings);
                // Bounds only a hang: the round ends as soon as every peer answered with its shard.
                options.Federation.AnswerWindow = TimeSpan.FromSeconds(150);
                await federation.StartAsync(options, ct);
            }
            await WaitLiveAsync(federation, Sites, ct);

            // Period 1: three sites, replicas 2.
            var today = DateTimeOffset.UtcNow;
            var three = await RunPeriodAsync(federation, today, Sites, late: "site-c", ct);
            var plan = new ShardPlan(Sites, 2);
            Assert.Equal(plan, three.Verified.Shards!);
            foreach (var site in Sites)
            {
                var owned = repositories.Where(r => plan.Owns(site, r.FullName)).ToArray();
                Assert.InRange(owned.Length, 1, repositories.Count - 1); // a real shard: neither nothing nor everything
                // Each site fetched the tags of its own repositories, once each, and of no other.
                Assert.All(repositories, r => Assert.Equal(owned.Contains(r) ? 1 : 0, TagPages(replays[site], r.Name)));
                Assert.Equal(owned.Sum(r => r.Tags.Count), three.Runs[site].Records);
            }
            // Every repository is crawled by exactly two sites; the union of the shards is the whole namespace.
            Assert.All(repositories, r => Assert.Equal(2, Sites.Count(s => TagPages(replays[s], r.Name) == 1)));
            await AssertGroundTruthAsync(federation, three, world, plan, ct);

            // site-c leaves (its card's lease is revoked); period 2: the two remaining sites share every repository.
            await federation.StopAsync("site-c");
            var remaining = Sites[..2];
            await WaitLiveAsync(federation, remaining, ct);
            var before = remaining.ToDictionary(s => s, s => repositories.Sum(r => TagPages(replays[s], r.Name)));
            var two = await RunPeriodAsync(federation, today.AddDays(1), remaining, late: "site-b", ct);
            var after = new ShardPlan(remaining, 2);
            Assert.Equal(after, two.Verified.Shards!);
            // Few moves: what a remaining site owned with three sites it still owns with two.
            Assert.All(remaining, s => Assert.All(repositories.Where(r => plan.Owns(s, r.FullName)), r => Assert.True(after.Owns(s, r.FullName))));
            foreach (var site in remaining)
            {
                // Repositories the site owned in period 1 are unchanged (same last_updated), so its run reuses them;
                // only the repositories it takes over from site-c are fetched.
                var takenOver = repositories.Count(r => !plan.Owns(site, r.FullName));
                Assert.Equal(takenOver, repositories.Sum(r => TagPages(replays[site], r.Name)) - before[site]);
                Assert.Equal(world.TagCount, two.Runs[site].Records);
            }
            await AssertGroundTruthAsync(federation, two, world, after, ct);
        }
        finally
        {
            foreach (var replay in replays.Values)
            {
                await replay.DisposeAsync();
            }
        }
    }

    private sealed record PeriodOutcome(string Announcer, Dictionary<string, ToolRunResult> Runs, Mao.Federation.Registry.Documents.VerifiedResult Verified);

    /// <summary>
    /// Starts the period's run at each site but <paramref name="late"/>, whose run starts only once the round is announced
    /// (so it must hold its answer back for its shard rather than accept), then waits for the runs and the round.
    /// </summary>
    private static async Task<PeriodOutcome> RunPeriodAsync(TestFederation federation, DateTimeOffset at, string[] sites, string late, CancellationToken ct)
    {
        var period = Period.Of(at);
        foreach (var site in sites.Where(s => s != late))
        {
            Assert.Equal(RunStartOutcome.Started, await federation[site].Services.GetRequiredService<ToolRunStarter>().StartAsync(Tags, at, ct));
        }
        var registry = federation[late].Services.GetRequiredService<FederationRegistry>();
        // Announced by whichever site won the period's claim.
        while (await registry.ReadClaimAsync(Tags, period, ct) is not { } claim || await registry.ReadAnnouncementAsync(Tags, claim.Round, claim.Site, ct) is null)
        {
            await Task.Delay(200, ct);
        }
        Assert.Equal(RunStartOutcome.Started, await federation[late].Services.GetRequiredService<ToolRunStarter>().StartAsync(Tags, at, ct));
        var runs = (await Task.WhenAll(sites.Select(s => PipelineBed.WaitRunAsync(federation[s], Tags, period, ct))))
            .Zip(sites).ToDictionary(p => p.Second, p => p.First, StringComparer.Ordinal);
        var announcer = Assert.Single(runs, r => r.Value.RoundOutcome == "started").Key;
        Assert.NotEqual(late, announcer);
        Assert.All(runs.Values.Where(r => r.RoundOutcome != "started"), r => Assert.Equal("joined", r.RoundOutcome));
        var round = await federation.WaitRoundAsync(announcer, Tags, period, ct);
        Assert.True(round.Published);
        // Every site answered with its shard: nobody accepted unverified, timed out or was refused.
        Assert.Equal(sites, round.Verified.Support);
        Assert.Empty(round.Verified.Dissent);
        Assert.Empty(round.Verified.Accepted);
        Assert.Empty(round.Verified.TimedOut);
        Assert.Empty(round.Verified.Rejected);
        return new PeriodOutcome(announcer, runs, round.Verified);
    }

    /// <summary>The ground truth holds every tag once, each supported by exactly the repository's owners, with no dissent.</summary>
    private static async Task AssertGroundTruthAsync(TestFederation federation, PeriodOutcome outcome, HubWorld world, ShardPlan plan, CancellationToken ct)
    {
        var truth = await federation[outcome.Announcer].Services.GetRequiredService<ISnapshotLibrary>().LoadAsync(outcome.Verified.Snapshot.ContentId, ct);
        Assert.Equal(EngineVerifier.GroundTruthSite, truth.Header.Site);
        var fields = truth.Header.Schema.Fields.Select(f => f.Name).ToList();
        var support = fields.IndexOf(GroundTruthShape.Support);
        var dissent = fields.IndexOf(GroundTruthShape.Dissent);
        var contested = fields.IndexOf(GroundTruthShape.Contested);
        var expected = world.Namespaces["library"].SelectMany(r => r.Tags.Select(t => $"{r.FullName}:{t.Name}")).Order(StringComparer.Ordinal);
        Assert.Equal(expected, truth.Records.Select(r => r.Key).Order(StringComparer.Ordinal));
        Assert.All(truth.Records, record =>
        {
            var repository = record.Key[..record.Key.LastIndexOf(':')];
            Assert.Equal(plan.Owners(repository).Order(StringComparer.Ordinal), record.Values[support].Set.Order(StringComparer.Ordinal));
            Assert.Empty(record.Values[dissent].Set);
            Assert.Empty(record.Values[contested].Set);
        });
    }

    private static async Task WaitLiveAsync(TestFederation federation, string[] sites, CancellationToken ct)
    {
        var registry = federation[sites[0]].Services.GetRequiredService<FederationRegistry>();
        while (!(await registry.LiveSitesAsync(ct)).Select(c => c.Site).Order(StringComparer.Ordinal).SequenceEqual(sites))
        {
            await Task.Delay(200, ct);
        }
    }

    /// <summary>GETs of a repository's tag pages at one site's replay server.</summary>
    private static int TagPages(ReplayServer replay, string repository) =>
        replay.Count("GET", p => p.Contains($"/repositories/{repository}/tags", StringComparison.Ordinal));
}
