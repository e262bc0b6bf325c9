using Mao.Federation.Registry;
using Mao.Orchestrations.ToolRuns;
using Mao.Site.Tests.Support;
using Mao.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Mao.Site.Tests.Pipeline;

/// <summary>
/// A peer asked to verify a period it is still measuring answers with its own snapshot once its run keeps it, not
/// "accept" at once: sites on the same schedule finish one after the other, and the first would verify against nobody.
/// </summary>
[Collection(FederationCollection.Name)]
public sealed class MeasuringPeerTests(AzuriteFixture azurite, EtcdFixture etcd)
{
    private const string Helm = "artifacthub-helm";
    private const int Packages = 4 * 60;

    [Fact]
    public async Task PeerWhoseRunOfThePeriodIsUnderWay_AnswersWithItsSnapshotWhenKept_NotAccept()
    {
        using var timeout = TestSites.Timeout(150);
        var ct = timeout.Token;
        await using var fast = await PipelineBed.ArtifactHubAsync(Packages, TimeSpan.Zero);
        await using var held = await PipelineBed.ArtifactHubAsync(Packages, TimeSpan.Zero);
        held.Hold(); // site-b's crawl cannot finish until site-a's round has asked it
        await using var federation = new TestFederation(azurite, etcd);
        var a = PipelineBed.Site(federation, "site-a", Helm, fast, schedule: null);
        a.Federation.AnswerWindow = TimeSpan.FromSeconds(60);
        await federation.StartAsync(a, ct);
        await federation.StartAsync(PipelineBed.Site(federation, "site-b", Helm, held, schedule: null), ct);
        var observedAt = DateTimeOffset.UtcNow;
        var period = PipelineBed.Today;
        foreach (var site in new[] { "site-a", "site-b" })
        {
            Assert.Equal(RunStartOutcome.Started, await federation[site].Services.GetRequiredService<ToolRunStarter>().StartAsync(Helm, observedAt, ct));
        }

        var first = await PipelineBed.WaitRunAsync(federation["site-a"], Helm, period, ct);
        Assert.Equal("started", first.RoundOutcome);
        var registry = federation["site-a"].Services.GetRequiredService<FederationRegistry>();
        var answerKey = registry.Keys.Answer(Helm, period, "site-b");
        // The announcement is out and site-b's run is under way: it does not answer yet (before the fix it accepted at once).
        while (await registry.Etcd.GetAsync(registry.Keys.Round(Helm, period, "site-a"), ct) is null)
        {
            await Task.Delay(100, ct);
        }
        await Task.Delay(TimeSpan.FromSeconds(3), ct);
        Assert.Null(await registry.Etcd.GetAsync(answerKey, ct));
        held.Release();

        var second = await PipelineBed.WaitRunAsync(federation["site-b"], Helm, period, ct);
        var round = await federation.WaitRoundAsync("site-a", Helm, period, ct);

        Assert.Equal("joined", second.RoundOutcome);
        Assert.True(round.Published);
        Assert.Equal(["site-a", "site-b"], round.Verified.Support.Order(StringComparer.Ordinal));
        Assert.Empty(round.Verified.Accepted);
    }
}
