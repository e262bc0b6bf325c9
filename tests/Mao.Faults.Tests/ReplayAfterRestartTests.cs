using System.Net;
using Mao.Federation.Identity;
using Mao.Federation.Registry.Documents;
using Mao.Orchestrations.Api;
using Mao.Orchestrations.Rounds;
using Mao.Faults.Tests.Support;
using Mao.Site.Tests.Support;
using Mao.Testing;

namespace Mao.Faults.Tests;

/// <summary>
/// The answer book lives in the round's durable history, not in the host's memory: after the announcer is killed and
/// restarted it still knows which revision each peer answered, so an older answer written afterwards is a replay.
/// </summary>
[Collection(FaultsCollection.Name)]
public sealed class ReplayAfterRestartTests(AzuriteFixture azurite, EtcdFixture etcd)
{
    private const string Tool = TestSnapshots.Tool;
    private const string Round = "2026-11-27";

    [Fact]
    public async Task OlderAnswerWrittenAfterTheAnnouncersRestart_IsRejectedAsAReplay()
    {
        using var timeout = TestSites.Timeout(240);
        var ct = timeout.Token;
        await using var federation = new ProcessFederation(azurite, etcd);
        await federation.StartAsync(ct, "site-a");
        await federation.KeepAsync("site-a", TestSnapshots.Measurement("site-a", nginxLatency: 10), ct);
        await using var replayer = await VirtualPeer.JoinAsync(federation.Settings("site-a"), "site-r", new Uri("http://127.0.0.1:9/"), ct);

        // site-x never answers, so the round is still collecting when the old answer comes back.
        var (status, _) = await federation.StartRoundAsync("site-a",
            new StartRoundBody(Tool, ExpectedPeers: ["site-r", "site-x"], AnswerWindowSeconds: 25), ct);
        Assert.Equal(HttpStatusCode.Accepted, status);
        var old = new MessageSigner(replayer.Key).SignToJson(new RoundAnswer(Tool, Round, "site-r", 1, AnswerKind.Accept));
        await replayer.Registry.AnswerAsync(new RoundAnswer(Tool, Round, "site-r", 2, AnswerKind.Accept), ct);
        await federation.WaitStatusAsync("site-a", Tool, Round, s => s.Progress is { Answered: ["site-r"] }, ct);

        // Written while the announcer is down: the restarted host's registry watch has never seen revision 2 (its
        // in-memory replay guard would name a replay it watched happen), so only the durable answer book can.
        federation.Kill("site-a");
        await replayer.Registry.Etcd.PutAsync(replayer.Registry.Keys.Answer(Tool, Round, "site-r"), old, 0, ct);
        await federation.StartAsync("site-a", ct);
        var finished = await federation.WaitFinishedAsync("site-a", Tool, Round, ct);

        var verified = finished.Result!.Verified;
        Assert.Equal(["site-r"], verified.Accepted);
        Assert.Equal(["site-x"], verified.TimedOut);
        Assert.Contains(verified.Rejected, r => r.StartsWith("site-r: replayed answer: revision 1 is older than revision 2", StringComparison.Ordinal));
        Assert.Single(verified.Rejected);
        Assert.Equal(RoundProgress.Done, finished.Progress?.Stage);
        await AnnouncerKillTests.AssertPublishedOnceAsync(federation, ct);
    }
}
