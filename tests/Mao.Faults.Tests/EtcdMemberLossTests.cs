using System.Net;
using Mao.Orchestrations.Api;
using Mao.Faults.Tests.Support;
using Mao.Site.Tests.Support;
using Mao.Testing;

namespace Mao.Faults.Tests;

/// <summary>
/// One of three etcd members (the first endpoint every client dials, or the leader) is SIGKILLed while a round runs between three site processes that know all three
/// endpoints: announcement, answers, watches and the compare-and-swap publication carry on through the quorum.
/// </summary>
[Collection(EtcdClusterCollection.Name)]
public sealed class EtcdMemberLossTests(AzuriteFixture azurite, EtcdClusterFixture cluster)
{
    private const string Tool = TestSnapshots.Tool;
    private const string Round = "2026-11-27";

    [Fact]
    public async Task EtcdMemberKilledDuringTheRound_RoundCompletes_PublishedOnce()
    {
        using var timeout = TestSites.Timeout(300);
        var ct = timeout.Token;
        await using var federation = new ProcessFederation(azurite, cluster);
        Assert.Equal(3, federation.Settings("site-a").Etcd.Endpoints.Split(',').Length);
        await federation.StartAsync(ct, "site-a", "site-b", "site-c");
        await federation.KeepAsync("site-a", TestSnapshots.Measurement("site-a", nginxLatency: 10), ct);
        await federation.KeepAsync("site-b", TestSnapshots.Measurement("site-b", nginxLatency: 10), ct);
        try
        {
            var (status, _) = await federation.StartRoundAsync("site-a",
                new StartRoundBody(Tool, ExpectedPeers: ["site-b", "site-c", "site-x"], AnswerWindowSeconds: 20), ct);
            Assert.Equal(HttpStatusCode.Accepted, status);
            // The first member is the first endpoint every client dials: killed before the peers have answered.
            cluster.KillMember(0);
            Assert.False(cluster.Members[0].IsRunning);
            var finished = await federation.WaitFinishedAsync("site-a", Tool, Round, ct);

            var result = finished.Result!;
            Assert.True(result.Published);
            Assert.Equal(["site-b", "site-c"], result.Answered);
            Assert.Equal(["site-x"], result.Verified.TimedOut);
            Assert.Equal(new[] { "site-a", "site-b" }, result.Verified.Support.Order(StringComparer.Ordinal));
            await AnnouncerKillTests.AssertPublishedOnceAsync(federation, ct);
        }
        finally
        {
            await cluster.StartMemberAsync(0);
        }
    }

    [Fact]
    public async Task EtcdLeaderKilledDuringTheRound_NewLeaderElected_RoundCompletes_PublishedOnce()
    {
        using var timeout = TestSites.Timeout(300);
        var ct = timeout.Token;
        await using var federation = new ProcessFederation(azurite, cluster);
        await federation.StartAsync(ct, "site-a", "site-b", "site-c");
        await federation.KeepAsync("site-a", TestSnapshots.Measurement("site-a", nginxLatency: 10), ct);
        await federation.KeepAsync("site-b", TestSnapshots.Measurement("site-b", nginxLatency: 10), ct);
        var leader = await EtcdLeader.IndexAsync(cluster, ct);
        try
        {
            var (status, _) = await federation.StartRoundAsync("site-a",
                new StartRoundBody(Tool, ExpectedPeers: ["site-b", "site-c", "site-x"], AnswerWindowSeconds: 20), ct);
            Assert.Equal(HttpStatusCode.Accepted, status);
            // Killed once the announcement is in: answers, watches and the publication's compare-and-swap need the new leader.
            while (await federation.EntryAsync(federation.Keys.Round(Tool, Round, "site-a"), ct) is null)
            {
                await Task.Delay(20, ct);
            }
            cluster.KillMember(leader);
            var successor = await EtcdLeader.IndexAsync(cluster, ct);
            var finished = await federation.WaitFinishedAsync("site-a", Tool, Round, ct);

            Assert.NotEqual(leader, successor);
            var result = finished.Result!;
            Assert.True(result.Published);
            Assert.Equal(["site-b", "site-c"], result.Answered);
            Assert.Equal(["site-x"], result.Verified.TimedOut);
            Assert.Equal(new[] { "site-a", "site-b" }, result.Verified.Support.Order(StringComparer.Ordinal));
            await AnnouncerKillTests.AssertPublishedOnceAsync(federation, ct);
        }
        finally
        {
            await cluster.StartMemberAsync(leader);
        }
    }
}
