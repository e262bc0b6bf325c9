using Mao.Core.Model;
using Mao.Core.Serialization;
using Mao.Federation.Registry.Documents;
using Mao.Orchestrations.Api;
using Mao.Site.Tests.Support;
using Mao.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

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
        await using var flaky = await FlakyServer.StartAsync(SnapshotJsonLines.ToBytes(returning), busyAnswers: 2, ct);
        var nobody = new Uri($"http://127.0.0.1:{FreePorts.Next()}/"); // nothing listens there
        var settings = federation.Options("site-a").Federation;
        await using var back = await VirtualPeer.JoinAsync(settings, "site-p", flaky.Address, ct);
        await using var gone = await VirtualPeer.JoinAsync(settings, "site-q", nobody, ct);

        var (status, _) = await federation.StartRoundAsync("site-a",
            new StartRoundBody(Tool, ExpectedPeers: ["site-p", "site-q"], AnswerWindowSeconds: 60), ct);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, status);
        var away = TestSnapshots.Measurement("site-q", 10);
        await back.Registry.AnswerAsync(Answer("site-p", returning, new Uri(flaky.Address, $"api/snapshots/{returning.ContentId}")), ct);
        await gone.Registry.AnswerAsync(Answer("site-q", away, new Uri(nobody, $"api/snapshots/{away.ContentId}")), ct);

        var verified = (await federation.WaitRoundAsync("site-a", Tool, Round, ct)).Verified;

        Assert.Equal(new[] { "site-a", "site-p" }, verified.Support.Order(StringComparer.Ordinal));
        Assert.True(flaky.Requests > 2, $"{flaky.Requests} requests: the busy answers were not followed by another attempt");
        var named = Assert.Single(verified.Rejected);
        Assert.StartsWith("site-q:", named, StringComparison.Ordinal);
        Assert.Contains("failed", named, StringComparison.Ordinal);
        Assert.Empty(verified.TimedOut);
    }

    private static RoundAnswer Answer(string site, Snapshot snapshot, Uri location) =>
        new(Tool, Round, site, 1, AnswerKind.Snapshot,
            new SnapshotPointer(snapshot.ContentId, SnapshotJsonLines.ToBytes(snapshot).Length, Tool, "1.0", site, Round, snapshot.Header.ObservedAt,
                [new SnapshotLocation(LocationKind.Http, location.ToString())]));

    /// <summary>A peer's API that answers 503 (as a site whose storage is away does) a few times, then serves its snapshot.</summary>
    private sealed class FlakyServer : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private int _requests;

        private FlakyServer(WebApplication app, Uri address)
        {
            _app = app;
            Address = address;
        }

        public Uri Address { get; }

        public int Requests => Volatile.Read(ref _requests);

        public static async Task<FlakyServer> StartAsync(byte[] snapshot, int busyAnswers, CancellationToken ct)
        {
            var port = FreePorts.Next();
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
            var app = builder.Build();
            FlakyServer? server = null;
            app.MapGet("/api/snapshots/{id}", () => Interlocked.Increment(ref server!._requests) <= busyAnswers
                ? Results.StatusCode(StatusCodes.Status503ServiceUnavailable)
                : Results.Bytes(snapshot, "application/x-ndjson"));
            server = new FlakyServer(app, new Uri($"http://127.0.0.1:{port}/"));
            await app.StartAsync(ct);
            return server;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
