using System.Net;
using Mao.Core.Model;
using Mao.Federation.Registry.Documents;
using Mao.Orchestrations.Api;
using Mao.Site.Tests.Support;
using Mao.Testing;

namespace Mao.Site.Tests.Federation;

/// <summary>Rounds between site hosts through etcd, blob + table and git: nothing shared but the registry and HTTP.</summary>
[Collection(FederationCollection.Name)]
public sealed class FederatedRoundTests(AzuriteFixture azurite, EtcdFixture etcd)
{
    [Fact]
    public async Task ThreeSites_OneLiesOnARecordOneHoldsNothing_GroundTruthPublishedWithSupportDissentAndAccept()
    {
        using var timeout = TestSites.Timeout(120);
        var ct = timeout.Token;
        await using var federation = new TestFederation(azurite, etcd);
        await federation.StartAsync(ct, "site-a", "site-b", "site-c");
        await federation.KeepAsync("site-a", TestSnapshots.Measurement("site-a", nginxLatency: 10), ct);
        await federation.KeepAsync("site-b", TestSnapshots.Measurement("site-b", nginxLatency: 900), ct);

        var (status, body) = await federation.StartRoundAsync("site-a", new StartRoundBody(TestSnapshots.Tool), ct);
        var result = await federation.WaitRoundAsync("site-a", TestSnapshots.Tool, "2026-11-27", ct);

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("started", body.GetProperty("outcome").GetString());
        Assert.True(result.Published);
        Assert.Equal(["site-b", "site-c"], result.Answered);
        var verified = result.Verified;
        Assert.Equal(["site-c"], verified.Accepted);
        Assert.Empty(verified.TimedOut);
        Assert.Empty(verified.Rejected);
        Assert.Contains("site-a", verified.Support);
        // Every other site reads the same signed result from the registry.
        var read = await federation["site-c"].Services.GetRegistry().ReadVerifiedAsync(TestSnapshots.Tool, "2026-11-27", ct);
        Assert.Equal(verified.Snapshot.ContentId, read!.Message.Snapshot.ContentId);
        Assert.Equal("site-a", read.Message.Site);
    }

    [Fact]
    public async Task TwoSitesAnnounceTheSameToolAndPeriodAtOnce_OneRoundOneResult()
    {
        using var timeout = TestSites.Timeout(120);
        var ct = timeout.Token;
        await using var federation = new TestFederation(azurite, etcd);
        await federation.StartAsync(ct, "site-a", "site-b");
        await federation.KeepAsync("site-a", TestSnapshots.Measurement("site-a", nginxLatency: 10), ct);
        await federation.KeepAsync("site-b", TestSnapshots.Measurement("site-b", nginxLatency: 10), ct);

        var starts = await Task.WhenAll(
            federation.StartRoundAsync("site-a", new StartRoundBody(TestSnapshots.Tool), ct),
            federation.StartRoundAsync("site-b", new StartRoundBody(TestSnapshots.Tool), ct));

        var outcomes = starts.Select(s => s.Body.GetProperty("outcome").GetString()!).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(new[] { "joined", "started" }, outcomes);
        var winner = starts.Single(s => s.Body.GetProperty("outcome").GetString() == "started").Body.GetProperty("announcer").GetString()!;
        var loser = winner == "site-a" ? "site-b" : "site-a";
        var result = await federation.WaitRoundAsync(winner, TestSnapshots.Tool, "2026-11-27", ct);
        Assert.True(result.Published);
        // The loser joined as a peer: it answered the winner's round with its own snapshot.
        Assert.Equal([loser], result.Answered);
        Assert.Equal(new[] { "site-a", "site-b" }, result.Verified.Support.Order(StringComparer.Ordinal));
        Assert.Null(await federation[loser].Client.GetInstanceAsync(Mao.Federation.Rounds.RoundInstance.Id(TestSnapshots.Tool, "2026-11-27"), ct));
        // Each site claimed under its own prefix; both read the same winner, and only the winner announced and published.
        var registry = federation[loser].Services.GetRegistry();
        foreach (var site in new[] { winner, loser })
        {
            Assert.NotNull(await registry.Etcd.GetAsync(registry.Keys.Claim(TestSnapshots.Tool, "2026-11-27", site), ct));
            Assert.Equal(winner, (await federation[site].Services.GetRegistry().ReadClaimAsync(TestSnapshots.Tool, "2026-11-27", ct))!.Site);
        }
        Assert.Null(await registry.Etcd.GetAsync(registry.Keys.Round(TestSnapshots.Tool, "2026-11-27", loser), ct));
        Assert.Null(await registry.Etcd.GetAsync(registry.Keys.Verified(TestSnapshots.Tool, "2026-11-27", loser), ct));
        Assert.Equal(winner, (await registry.ReadVerifiedAsync(TestSnapshots.Tool, "2026-11-27", ct))!.Message.Site);
    }

    [Fact]
    public async Task SameRoundIdForTwoTools_BothRoundsRun()
    {
        using var timeout = TestSites.Timeout(120);
        var ct = timeout.Token;
        await using var federation = new TestFederation(azurite, etcd);
        await federation.StartAsync(ct, "site-a");
        await federation.KeepAsync("site-a", TestSnapshots.Measurement("site-a", nginxLatency: 10), ct);
        await federation.KeepAsync("site-a", TestSnapshots.Measurement("site-a", nginxLatency: 10, tool: "bench2"), ct);

        var first = await federation.StartRoundAsync("site-a", new StartRoundBody(TestSnapshots.Tool, RoundId: "r1"), ct);
        var second = await federation.StartRoundAsync("site-a", new StartRoundBody("bench2", RoundId: "r1"), ct);

        Assert.Equal(HttpStatusCode.Accepted, first.Status);
        Assert.Equal(HttpStatusCode.Accepted, second.Status);
        Assert.True((await federation.WaitRoundAsync("site-a", TestSnapshots.Tool, "r1", ct)).Published);
        Assert.True((await federation.WaitRoundAsync("site-a", "bench2", "r1", ct)).Published);
    }
}
