using Mao.Federation.Registry.Documents;
using Mao.Federation.Rounds;
using Mao.Site.Scheduling;
using Mao.Site.Tests.Support;
using Mao.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Mao.Site.Tests.Pipeline;

/// <summary>The acquisition pipeline end to end: a timer runs the tool at each site, the snapshot is kept, a round verifies it.</summary>
[Collection(FederationCollection.Name)]
public sealed class ScheduledRunTests(AzuriteFixture azurite, EtcdFixture etcd)
{
    private const string Sar = "aws-sar";

    [Fact]
    public async Task TwoSitesOnAFastSchedule_RunSar_KeepAndCommitSnapshots_RoundPublishesGroundTruth()
    {
        using var timeout = TestSites.Timeout(150);
        var ct = timeout.Token;
        var (replay, applications) = await PipelineBed.SarAsync();
        await using var _ = replay;
        await using var federation = new TestFederation(azurite, etcd);
        foreach (var site in new[] { "site-a", "site-b" })
        {
            await federation.StartAsync(PipelineBed.Site(federation, site, Sar, replay, schedule: "*/3 * * * * *"), ct);
        }
        var period = PipelineBed.Today;

        var runs = await Task.WhenAll(new[] { "site-a", "site-b" }.Select(s => PipelineBed.WaitRunAsync(federation[s], Sar, period, ct)));

        Assert.All(runs, run => Assert.Equal(applications, run.Records));
        Assert.All(runs, run => Assert.Equal(period, run.Round));
        // The (tool, period) claim gives one round: one site started it, the other joined as a peer.
        Assert.Equal(new[] { "joined", "started" }, runs.Select(r => r.RoundOutcome).Order(StringComparer.Ordinal));
        var announcer = runs[0].RoundOutcome == "started" ? "site-a" : "site-b";
        var round = await federation.WaitRoundAsync(announcer, Sar, period, ct);
        Assert.True(round.Published);
        Assert.Contains(announcer, round.Verified.Support);
        Assert.Equal(new[] { "site-a", "site-b" }, round.Verified.Support.Concat(round.Verified.Accepted).Order(StringComparer.Ordinal));
        foreach (var site in new[] { "site-a", "site-b" })
        {
            // Kept in the site's own library (blob + table) and committed and pushed to its dataset branch.
            var own = await federation[site].Services.GetRequiredService<ISnapshotLibrary>().ComparableAsync(Sar, period, "1.0.0", ct);
            Assert.NotNull(own);
            Assert.Equal(runs.Single(r => r.ContentId == own.ContentId).ContentId, own.ContentId);
            Assert.Contains(own.Locations, l => l.Kind == LocationKind.Git);
        }
        // The schedule fired many times at both sites; the catalogue was still crawled once per site (one run per period).
        Assert.Equal(2 * Pages(applications), replay.Count("GET", p => p.EndsWith("/applications/browse", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task MissedOccurrences_RunOnceOnStart_ForTheLatestOne()
    {
        using var timeout = TestSites.Timeout(120);
        var ct = timeout.Token;
        var (replay, applications) = await PipelineBed.SarAsync();
        await using var _ = replay;
        await using var federation = new TestFederation(azurite, etcd);
        // Daily at midnight; the site last ran three days ago, so it missed the last three midnights.
        var options = PipelineBed.Site(federation, "site-a", Sar, replay, schedule: "0 0 0 * * *");
        var today = DateTime.UtcNow.Date;
        await new JobJournal(options.Federation).RecordAsync(SiteScheduler.ToolJob(Sar), today.AddDays(-3), ct);

        var site = await federation.StartAsync(options, ct);
        var run = await PipelineBed.WaitRunAsync(site, Sar, PipelineBed.Today, ct);

        Assert.Equal(applications, run.Records);
        Assert.Equal(today, (await new JobJournal(options.Federation).LastAsync(SiteScheduler.ToolJob(Sar), ct))!.Value);
        foreach (var missed in new[] { 1, 2 })
        {
            var period = Mao.Core.Model.Period.Of(new DateTimeOffset(today.AddDays(-missed), TimeSpan.Zero));
            Assert.Null(await site.Client.GetInstanceAsync(Mao.Orchestrations.ToolRuns.ToolRunInstance.Id(Sar, period), ct));
        }
        Assert.Equal(Pages(applications), replay.Count("GET", p => p.EndsWith("/applications/browse", StringComparison.Ordinal)));
    }

    /// <summary>Pages of 100 a run reads: the plan's first page is checkpointed and not read again; a full last page asks for one more.</summary>
    private static int Pages(int applications) => (applications + 99) / 100 + (applications % 100 == 0 ? 1 : 0);
}
