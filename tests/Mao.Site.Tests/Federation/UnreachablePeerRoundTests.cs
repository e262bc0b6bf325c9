using Mao.Core.Model;
using Mao.Core.Serialization;
using Mao.Federation.Registry.Documents;
using Mao.Orchestrations.Api;
using Mao.Site.Tests.Support;
using Mao.Testing;
using Mao.Testing.Replay;

namespace Mao.Site.Tests.Federation;

/// <summary>
/// A peer answers and is then away when the announcer fetches its snapshot (a restart, its storage briefly down): the
/// round asks again on durable timers and counts it once it is back; a peer that stays away is named, not waited for.
/// </summary>
[Collection(FederationCollection.Name)]
public sealed class UnreachablePeerRoundTests(AzuriteFixture azurite, EtcdFixture etcd)
{
    private const string Tool = TestSnapshots.Tool;
    private const string Round = "2026-11-27";

    [Fact]
    public async Task PeerBusyWhenFetched_FetchedAgainAndCounted_PeerThatStaysAwayIsNamed()
    {
        using var timeout = TestSites.Timeout(240);
        var ct = timeout.Token;
        await using var federation = new TestFederation(azurite, etcd);
        await federation.StartAsync(ct, "site-a");
        await federation.KeepAsync("site-a", TestSnapshots.Measurement("site-a", 10), ct);
        var returning = TestSnapshots.Measurement("site-p", 10);
        // site-p's API answers 503 twice (as a site whose storage is away does), then serves its snapshot.
        await using var flaky = await ReplayServer.StartAsync(ct);
        var snapshotPath = $"/api/snapshots/{returning.ContentId}";
        flaky.Map("GET", snapshotPath, _ => new ReplayResponse(200, SnapshotJsonLines.ToBytes(returning), "application/x-ndjson"));
        flaky.FailFirst(r => r.Path == snapshotPath, 2, new ReplayResponse(503, []));
        var nobody = new Uri($"http://127.0.0.1:{FreePorts.Next()}/"); // nothing listens there
        var settings = federation.Options("site-a").Federation;
        await using var back = await VirtualPeer.JoinAsync(settings, "site-p", flaky.BaseUrl, ct);
        await using var gone = await VirtualPeer.JoinAsync(settings, "site-q", nobody, ct);

        var (status, _) = await federation.StartRoundAsync("site-a",
            new StartRoundBody(Tool, ExpectedPeers: ["site-p", "site-q"], AnswerWindowSeconds: 60), ct);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, status);
        var away = TestSnapshots.Measurement("site-q", 10);
        await back.Registry.AnswerAsync(Answer("site-p", returning, new Uri(flaky.BaseUrl, $"api/snapshots/{returning.ContentId}")), ct);
        await gone.Registry.AnswerAsync(Answer("site-q", away, new Uri(nobody, $"api/snapshots/{away.ContentId}")), ct);

        var verified = (await federation.WaitRoundAsync("site-a", Tool, Round, ct)).Verified;

        Assert.Equal(new[] { "site-a", "site-p" }, verified.Support.Order(StringComparer.Ordinal));
        var requests = flaky.Count("GET", p => p == snapshotPath);
        Assert.True(requests > 2, $"{requests} requests: the busy answers were not followed by another attempt");
        var named = Assert.Single(verified.Rejected);
        Assert.StartsWith("site-q:", named, StringComparison.Ordinal);
        Assert.Contains("failed", named, StringComparison.Ordinal);
        Assert.Empty(verified.TimedOut);
    }

    private static RoundAnswer Answer(string site, Snapshot snapshot, Uri location) =>
        new(Tool, Round, site, 1, AnswerKind.Snapshot,
            new SnapshotPointer(snapshot.ContentId, SnapshotJsonLines.ToBytes(snapshot).Length, Tool, "1.0", site, Round, snapshot.Header.ObservedAt,
                [new SnapshotLocation(LocationKind.Http, location.ToString())]));
}
