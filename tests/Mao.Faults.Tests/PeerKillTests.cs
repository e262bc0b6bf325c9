using System.Net;
using Mao.Orchestrations.Api;
using Mao.Faults.Tests.Support;
using Mao.Site.Tests.Support;
using Mao.Testing;

namespace Mao.Faults.Tests;

/// <summary>A peer host dies (SIGKILL) before it answers: the round does not wait for it beyond its deadline.</summary>
[Collection(FaultsCollection.Name)]
public sealed class PeerKillTests(AzuriteFixture azurite, EtcdFixture etcd)
{
    private const string Tool = TestSnapshots.Tool;
    private const string Round = "2026-11-27";

    [Fact]
    public async Task ExpectedPeerKilledBeforeAnswering_RoundCompletesAtTheDeadline_DeadPeerTimedOut()
    {
        using var timeout = TestSites.Timeout(240);
        var ct = timeout.Token;
        await using var federation = new ProcessFederation(azurite, etcd);
        await federation.StartAsync(ct, "site-a", "site-b", "site-c");
        await federation.KeepAsync("site-a", TestSnapshots.Measurement("site-a", nginxLatency: 10), ct);
        await federation.KeepAsync("site-b", TestSnapshots.Measurement("site-b", nginxLatency: 10), ct);
        await federation.KeepAsync("site-c", TestSnapshots.Measurement("site-c", nginxLatency: 10), ct);

        // Killed before the announcement: its card lingers in etcd until its TTL, so it is still named an expected peer.
        federation.Kill("site-c");
        var started = DateTimeOffset.UtcNow;
        var (status, _) = await federation.StartRoundAsync("site-a",
            new StartRoundBody(Tool, ExpectedPeers: ["site-b", "site-c"], AnswerWindowSeconds: 12), ct);
        Assert.Equal(HttpStatusCode.Accepted, status);
        var finished = await federation.WaitFinishedAsync("site-a", Tool, Round, ct);

        var result = finished.Result!;
        Assert.True(result.Published);
        Assert.Equal(["site-b"], result.Answered);
        Assert.Equal(["site-c"], result.Verified.TimedOut);
        Assert.Empty(result.Verified.Rejected);
        Assert.Equal(new[] { "site-a", "site-b" }, result.Verified.Support.Order(StringComparer.Ordinal));
        // It ended because the deadline passed, not because every peer answered.
        Assert.True(finished.LastUpdatedAt - started >= TimeSpan.FromSeconds(11), $"round ended {finished.LastUpdatedAt - started} after its start");
        Assert.Null(await federation.EntryAsync(federation.Keys.Answer(Tool, Round, "site-c"), ct));
        await AnnouncerKillTests.AssertPublishedOnceAsync(federation, ct);
    }
}
