using Mao.Core.Model;
using Mao.Federation.Rounds;
using Mao.Orchestrations.ToolRuns;
using Mao.Site.Tests.Support;
using Mao.Testing;
using Mao.Testing.Replay;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Mao.Site.Tests.Pipeline;

/// <summary>
/// A peer that runs the tool on a schedule but has no run of the announced period yet (just restarted, its scheduler not
/// fired) starts its own run when asked and answers with its snapshot; if the run cannot finish before the round's
/// deadline, it accepts. Each site has its own replay server, so the requests a site's run sent are counted per site.
/// </summary>
[Collection(FederationCollection.Name)]
public sealed class AskedPeerRunTests(AzuriteFixture azurite, EtcdFixture etcd)
{
    private const string Helm = "artifacthub-helm";
    private const int Pages = 4;
    private const int Packages = Pages * 60;

    /// <summary>Daily at midnight: a first start has no journal record and waits for the next midnight, so nothing runs by itself.</summary>
    private const string Midnight = "0 0 0 * * *";

    [Fact]
    public async Task RestartedPeerWithNoRunOfThePeriod_StartsItsRunWhenAsked_AndSupportsTheRoundWithItsSnapshot()
    {
        using var timeout = TestSites.Timeout(240);
        var ct = timeout.Token;
        await using var serverA = await PipelineBed.ArtifactHubAsync(Packages, TimeSpan.Zero);
        await using var serverB = await PipelineBed.ArtifactHubAsync(Packages, TimeSpan.Zero);
        await using var federation = new TestFederation(azurite, etcd);
        var a = PipelineBed.Site(federation, "site-a", Helm, serverA, schedule: null);
        a.Federation.AnswerWindow = TimeSpan.FromSeconds(120);
        await federation.StartAsync(a, ct);
        var b = PipelineBed.Site(federation, "site-b", Helm, serverB, schedule: Midnight);
        await federation.StartAsync(b, ct);
        await federation.StopAsync("site-b");
        await federation.StartAsync(b, ct); // restarted: its scheduler waits for midnight, no run of today exists
        var period = PipelineBed.Today;
        var runId = ToolRunInstance.Id(Helm, period);
        Assert.Null(await federation["site-b"].Client.GetInstanceAsync(runId, ct));

        // A period outside what its schedule measures now is refused: no run is started for it, the answer would be accept.
        var own = federation["site-b"].Services.GetRequiredService<IOwnMeasurements>();
        var old = Period.Of(DateTimeOffset.UtcNow.AddDays(-3));
        Assert.False(await own.MeasuringAsync(Helm, old, ct));
        Assert.Null(await federation["site-b"].Client.GetInstanceAsync(ToolRunInstance.Id(Helm, old), ct));

        Assert.Equal(RunStartOutcome.Started, await federation["site-a"].Services.GetRequiredService<ToolRunStarter>().StartAsync(Helm, DateTimeOffset.UtcNow, ct));
        var first = await PipelineBed.WaitRunAsync(federation["site-a"], Helm, period, ct);
        Assert.Equal("started", first.RoundOutcome);

        // The announcement started site-b's run; it keeps, joins the round and answers with its snapshot.
        var second = await PipelineBed.WaitRunAsync(federation["site-b"], Helm, period, ct);
        var round = await federation.WaitRoundAsync("site-a", Helm, period, ct);

        Assert.Equal("joined", second.RoundOutcome);
        Assert.Equal(first.Records, second.Records);
        Assert.True(round.Published);
        Assert.Equal(["site-a", "site-b"], round.Verified.Support.Order(StringComparer.Ordinal));
        Assert.Empty(round.Verified.Accepted);
        // One run at site-b: each page requested once from its own server (the old period's refusal fetched nothing).
        Assert.Equal(Pages, serverB.Count("GET", p => p == ArtifactHubReplay.SearchPath));
        foreach (var offset in Enumerable.Range(0, Pages).Select(i => (i * 60).ToString(System.Globalization.CultureInfo.InvariantCulture)))
        {
            Assert.Single(serverB.Requests, r => r.Path == ArtifactHubReplay.SearchPath && r.QueryValue("offset") == offset);
        }
        // Asked again (the responder's retry loop, a second announcement), no second run starts: the kept run stands.
        Assert.False(await own.MeasuringAsync(Helm, period, ct));
        Assert.Equal(Pages, serverB.Count("GET", p => p == ArtifactHubReplay.SearchPath));
    }

    [Fact]
    public async Task PeerWhoseStartedRunCannotFinishBeforeTheDeadline_Accepts()
    {
        using var timeout = TestSites.Timeout(240);
        var ct = timeout.Token;
        await using var serverA = await PipelineBed.ArtifactHubAsync(Packages, TimeSpan.Zero);
        await using var serverB = await PipelineBed.ArtifactHubAsync(Packages, TimeSpan.Zero);
        serverB.Hold(); // site-b's run cannot fetch a page until the round is over
        await using var federation = new TestFederation(azurite, etcd);
        var a = PipelineBed.Site(federation, "site-a", Helm, serverA, schedule: null);
        a.Federation.AnswerWindow = TimeSpan.FromSeconds(20);
        await federation.StartAsync(a, ct);
        await federation.StartAsync(PipelineBed.Site(federation, "site-b", Helm, serverB, schedule: Midnight), ct);
        var period = PipelineBed.Today;
        var runId = ToolRunInstance.Id(Helm, period);

        Assert.Equal(RunStartOutcome.Started, await federation["site-a"].Services.GetRequiredService<ToolRunStarter>().StartAsync(Helm, DateTimeOffset.UtcNow, ct));
        await PipelineBed.WaitRunAsync(federation["site-a"], Helm, period, ct);
        var round = await federation.WaitRoundAsync("site-a", Helm, period, ct);

        // site-b was asked, started its run (it is there, still under way) and accepted before the deadline.
        var run = await federation["site-b"].Client.GetInstanceAsync(runId, ct);
        Assert.NotNull(run);
        Assert.Equal(OrchestrationRuntimeStatus.Running, run.RuntimeStatus);
        Assert.Equal(["site-a"], round.Verified.Support);
        Assert.Equal(["site-b"], round.Verified.Accepted);
        Assert.Empty(round.Verified.TimedOut);
        serverB.Release();
        // Released, the run finishes and keeps; its late snapshot does not replace the accept that stands.
        var kept = await PipelineBed.WaitRunAsync(federation["site-b"], Helm, period, ct);
        Assert.Equal("joined", kept.RoundOutcome);
    }
}
