using Mao.Orchestrations.Api;
using Mao.Site.Tests.Support;
using Mao.Testing;

namespace Mao.Site.Tests.Federation;

/// <summary>
/// The registry, not the event, is the record of an answer: an announcer whose answer watch never raises an event
/// (as when an event is lost to a killed host or a redelivered start message) still counts every signed answer at the
/// deadline, instead of calling answered peers timed out.
/// </summary>
[Collection(FederationCollection.Name)]
public sealed class LostAnswerEventTests(AzuriteFixture azurite, EtcdFixture etcd)
{
    [Fact]
    public async Task AnnouncerReceivesNoAnswerEvents_AnswersInTheRegistryCountAtTheDeadline()
    {
        using var timeout = TestSites.Timeout(120);
        var ct = timeout.Token;
        await using var federation = new TestFederation(azurite, etcd);
        var announcer = federation.Options("site-a");
        announcer.AnswerRelayEnabled = false; // no event is ever raised for an answer
        await federation.StartAsync(announcer, ct);
        await federation.StartAsync(ct, "site-b", "site-c");
        await federation.KeepAsync("site-a", TestSnapshots.Measurement("site-a", nginxLatency: 10), ct);
        await federation.KeepAsync("site-b", TestSnapshots.Measurement("site-b", nginxLatency: 10), ct);

        await federation.StartRoundAsync("site-a", new StartRoundBody(TestSnapshots.Tool, ExpectedPeers: ["site-b", "site-c"], AnswerWindowSeconds: 8), ct);
        var result = await federation.WaitRoundAsync("site-a", TestSnapshots.Tool, "2026-11-27", ct);

        Assert.True(result.Published);
        Assert.Equal(["site-b", "site-c"], result.Answered);
        Assert.Empty(result.Verified.TimedOut);
        Assert.Equal(["site-c"], result.Verified.Accepted);
        Assert.Equal(["site-a", "site-b"], result.Verified.Support.Order(StringComparer.Ordinal));
    }
}
