using Mao.Core.Model;
using Mao.Core.Serialization;
using Mao.Federation.Identity;
using Mao.Federation.Registry.Documents;
using Mao.Orchestrations.Api;
using Mao.Site.Tests.Support;
using Mao.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Mao.Site.Tests.Federation;

/// <summary>
/// A round under attack: forged, replayed, unexpected and junk answers, a snapshot that does not match its content id,
/// and a pointer outside the peer's registered store. Each is refused and named; the round completes with the honest peer.
/// </summary>
[Collection(FederationCollection.Name)]
public sealed class AttackedRoundTests(AzuriteFixture azurite, EtcdFixture etcd)
{
    private const string Tool = TestSnapshots.Tool;
    private const string Round = "2026-11-27";

    [Fact]
    public async Task BadAnswersOfEveryKind_AreRejectedAndNamed_TheRoundCompletesWithTheHonestPeer()
    {
        using var timeout = TestSites.Timeout(150);
        var ct = timeout.Token;
        await using var federation = new TestFederation(azurite, etcd);
        await federation.StartAsync(ct, "site-a", "site-b");
        await federation.KeepAsync("site-a", TestSnapshots.Measurement("site-a", 10), ct);
        await federation.KeepAsync("site-b", TestSnapshots.Measurement("site-b", 10), ct);
        await using var liar = await LyingServer.StartAsync(ct);
        var settings = federation.Options("site-a").Federation;
        await using var mismatch = await VirtualPeer.JoinAsync(settings, "site-d", liar.Address, ct);
        await using var outside = await VirtualPeer.JoinAsync(settings, "site-e", liar.Address, ct);
        await using var forgedPeer = await VirtualPeer.JoinAsync(settings, "site-g", liar.Address, ct);
        await using var replayer = await VirtualPeer.JoinAsync(settings, "site-r", liar.Address, ct);

        var (status, _) = await federation.StartRoundAsync("site-a",
            new StartRoundBody(Tool, ExpectedPeers: ["site-b", "site-d", "site-e", "site-g", "site-r"], AnswerWindowSeconds: 12), ct);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, status);

        // site-d: its server serves other bytes than the content id it announces.
        var claimed = TestSnapshots.Measurement("site-d", 10);
        await mismatch.Registry.AnswerAsync(new RoundAnswer(Tool, Round, "site-d", 1, AnswerKind.Snapshot,
            Pointer(claimed, "site-d", new SnapshotLocation(LocationKind.Http, new Uri(liar.Address, $"api/snapshots/{claimed.ContentId}").ToString()))), ct);
        // site-e: points at a path of the announcer's own disk and at a server that is not its registered endpoint.
        var elsewhere = TestSnapshots.Measurement("site-e", 10);
        await outside.Registry.AnswerAsync(new RoundAnswer(Tool, Round, "site-e", 1, AnswerKind.Snapshot,
            Pointer(elsewhere, "site-e",
                new SnapshotLocation(LocationKind.Http, new Uri(federation["site-a"].ApiAddress, $"api/snapshots/{elsewhere.ContentId}").ToString()),
                new SnapshotLocation(LocationKind.Git, Path.Combine(federation.Root, "site-a"), new string('1', 40)))), ct);
        // site-g's answer signed by someone else's key: forged.
        using var attackerKey = SiteKeyPair.CreateEphemeral("site-g");
        var forged = new MessageSigner(attackerKey).SignToJson(new RoundAnswer(Tool, Round, "site-g", 1, AnswerKind.Accept));
        await forgedPeer.Registry.Etcd.PutAsync(forgedPeer.Registry.Keys.Answer(Tool, Round, "site-g"), forged, 0, ct);
        // site-r: revision 2, then its older revision 1 again: a replay.
        await replayer.Registry.AnswerAsync(new RoundAnswer(Tool, Round, "site-r", 2, AnswerKind.Accept), ct);
        var old = new MessageSigner(replayer.Key).SignToJson(new RoundAnswer(Tool, Round, "site-r", 1, AnswerKind.Accept));
        await Task.Delay(1000, ct);
        await replayer.Registry.Etcd.PutAsync(replayer.Registry.Keys.Answer(Tool, Round, "site-r"), old, 0, ct);
        // Junk from a site nobody expects, unsigned: none of it may end the collection early.
        for (var i = 0; i < 40; i++)
        {
            await replayer.Registry.Etcd.PutAsync(replayer.Registry.Keys.Answer(Tool, Round, $"junk-{i}"), "{\"format\":\"mao.signed/1\"}", 0, ct);
        }

        var result = await federation.WaitRoundAsync("site-a", Tool, Round, ct);

        var verified = result.Verified;
        Assert.True(result.Published);
        Assert.Equal(new[] { "site-a", "site-b" }, verified.Support.Order(StringComparer.Ordinal));
        Assert.Equal(["site-r"], verified.Accepted);
        Assert.Equal(["site-g"], verified.TimedOut);
        Assert.Contains(verified.Rejected, r => r.StartsWith("site-d:", StringComparison.Ordinal) && r.Contains(claimed.ContentId[..12], StringComparison.Ordinal));
        Assert.Contains(verified.Rejected, r => r.StartsWith("site-e:", StringComparison.Ordinal) && r.Contains("outside", StringComparison.Ordinal));
        Assert.Contains(verified.Rejected, r => r.StartsWith("site-g:", StringComparison.Ordinal) && r.Contains("no key", StringComparison.Ordinal));
        Assert.Contains(verified.Rejected, r => r.StartsWith("site-r:", StringComparison.Ordinal) && r.Contains("replay", StringComparison.Ordinal));
        Assert.Contains(verified.Rejected, r => r.StartsWith("junk-", StringComparison.Ordinal));
        // The 40 junk answers (more than any bound on answers a round of 5 peers ever had) did not end the collection early.
        // (Queue messages are delayed in whole seconds, so the durable timer may fire up to a second before answerBy.)
        var announced = await federation["site-a"].Services.GetRequiredService<Mao.Federation.Registry.FederationRegistry>().ReadAnnouncementAsync(Tool, Round, ct);
        Assert.True(verified.PublishedAt >= announced!.Message.AnswerBy - TimeSpan.FromSeconds(2), $"published {verified.PublishedAt:O}, before the answer deadline {announced.Message.AnswerBy:O}");
    }

    private static SnapshotPointer Pointer(Snapshot snapshot, string site, params SnapshotLocation[] locations) =>
        new(snapshot.ContentId, SnapshotJsonLines.ToBytes(snapshot).Length, Tool, "1.0", site, Round, snapshot.Header.ObservedAt, locations);

    /// <summary>A peer's server that answers every snapshot request with a snapshot of its own choosing.</summary>
    private sealed class LyingServer : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private LyingServer(WebApplication app, Uri address)
        {
            _app = app;
            Address = address;
        }

        public Uri Address { get; }

        public static async Task<LyingServer> StartAsync(CancellationToken ct)
        {
            var port = FreePorts.Next();
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
            var app = builder.Build();
            var other = SnapshotJsonLines.ToBytes(TestSnapshots.Measurement("site-d", 99999));
            app.MapGet("/api/snapshots/{id}", () => Results.Bytes(other, "application/x-ndjson"));
            await app.StartAsync(ct);
            return new LyingServer(app, new Uri($"http://127.0.0.1:{port}/"));
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
