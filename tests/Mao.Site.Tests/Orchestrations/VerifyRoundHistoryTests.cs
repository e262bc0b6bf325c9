using Mao.Core.Model;
using Mao.Core.Verification;
using Mao.Federation.Configuration;
using Mao.Federation.Registry;
using Mao.Federation.Rounds;
using Mao.Federation.Store;
using Mao.Orchestrations;
using Mao.Orchestrations.Activities;
using Mao.Orchestrations.Ports;
using Mao.Site.Tests.Support;
using Mao.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Mao.Site.Tests.Orchestrations;

/// <summary>
/// The verify activity as the site wires it (real Azurite store and history table): a site that lied in an earlier
/// round of the tool weighs less in the next one, and a re-run of a round's activity neither counts it twice nor
/// changes its ground truth.
/// </summary>
[Collection(FederationCollection.Name)]
public sealed class VerifyRoundHistoryTests(AzuriteFixture azurite, EtcdFixture etcd) : IDisposable
{
    private readonly TempFolder _data = new("mao-verify-history");

    // Round 1: site-c lies on latency and arch of k1 and k2 (4 of its 12 field values), so its rate is 8/12
    // and, under standard history weighting, its weight (8/12)^2 = 4/9.
    private static readonly Snapshot[] Round1 =
    [
        Observed("site-a", 1, ("k1", 10, "amd64"), ("k2", 20, "amd64"), ("k3", 30, "arm64"), ("k4", 40, "arm64")),
        Observed("site-b", 1, ("k1", 10.2, "amd64"), ("k2", 20.2, "amd64"), ("k3", 30.2, "arm64"), ("k4", 40.2, "arm64")),
        Observed("site-c", 1, ("k1", 5000, "s390x"), ("k2", 9000, "s390x"), ("k3", 30.1, "arm64"), ("k4", 40.1, "arm64")),
    ];

    // Round 2: everyone is honest and within the band, so the voted latency is the weighted mean of all three.
    private static readonly Snapshot[] Round2 =
    [
        Observed("site-a", 2, ("k1", 10, "amd64")),
        Observed("site-b", 2, ("k1", 10.4, "amd64")),
        Observed("site-c", 2, ("k1", 10.6, "amd64")),
    ];

    [Fact]
    public async Task LiarOfAnEarlierRound_WeighsLess_AndARerunCountsOnce()
    {
        using var timeout = TestSites.Timeout(120);
        var ct = timeout.Token;
        await using var services = await StartAsync(ct);
        var activity = services.GetRequiredService<VerifyRoundActivity>();
        var history = services.GetRequiredService<SiteAgreementHistory>();

        var first = await activity.ExecuteAsync(await RequestAsync(services, "round-1", Round1, ct), ct);
        var firstAgain = await activity.ExecuteAsync(await RequestAsync(services, "round-1", Round1, ct), ct);
        var afterFirst = await history.BeforeAsync(TestSnapshots.Tool, "round-2", ct);
        var second = await activity.ExecuteAsync(await RequestAsync(services, "round-2", Round2, ct), ct);
        var secondAgain = await activity.ExecuteAsync(await RequestAsync(services, "round-2", Round2, ct), ct);
        var after = await history.BeforeAsync(TestSnapshots.Tool, "round-3", ct);

        Assert.Equal(new SiteTrack(8, 12), afterFirst.Sites["site-c"]);
        Assert.Equal(first.GroundTruth.ContentId, firstAgain.GroundTruth.ContentId);
        // Two runs of each round, each round counted once: site-c 8/12 + 3/3, site-a 12/12 + 3/3.
        Assert.Equal(new SiteTrack(11, 15), after.Sites["site-c"]);
        Assert.Equal(new SiteTrack(15, 15), after.Sites["site-a"]);
        // A re-run weighs as the first run did: same ground truth bytes.
        Assert.Equal(second.GroundTruth.ContentId, secondAgain.GroundTruth.ContentId);
        var weight = Math.Pow(8.0 / 12, 2);
        var expected = (10 + 10.4 + weight * 10.6) / (2 + weight);
        var unweighted = (10 + 10.4 + 10.6) / 3;
        var latency = (await services.GetRequiredService<SnapshotStore>().GetAsync(second.GroundTruth.ContentId, ct)).Records.Single().Values[0].Number;
        Assert.Equal(expected, latency, 9);
        Assert.True(Math.Abs(latency - unweighted) > 0.05, $"{latency} should not be the unweighted mean {unweighted}");
    }

    [Fact]
    public async Task WithoutHistory_SameRoundWeighsEveryoneAlike()
    {
        using var timeout = TestSites.Timeout(120);
        var ct = timeout.Token;
        await using var services = await StartAsync(ct);

        var outcome = await services.GetRequiredService<VerifyRoundActivity>().ExecuteAsync(await RequestAsync(services, "round-2", Round2, ct), ct);

        var latency = (await services.GetRequiredService<SnapshotStore>().GetAsync(outcome.GroundTruth.ContentId, ct)).Records.Single().Values[0].Number;
        Assert.Equal((10 + 10.4 + 10.6) / 3, latency, 9);
    }

    private async Task<ServiceProvider> StartAsync(CancellationToken ct)
    {
        var id = Guid.NewGuid().ToString("N")[..10];
        var settings = new FederationSettings
        {
            SiteId = "site-a",
            DataDirectory = _data.Path,
            StorageConnectionString = azurite.ConnectionString,
            SnapshotContainer = "snapshots-" + id,
            SnapshotTable = "snapshots" + id,
            Etcd = new EtcdOptions { Endpoints = etcd.Endpoints, KeyRoot = "/mao-test-" + id },
            PublicEndpoint = "http://site-a.example:8080",
        };
        var services = new ServiceCollection().AddLogging().AddFederatedRounds(settings).BuildServiceProvider();
        Directory.CreateDirectory(Path.Combine(_data.Path, "tmp"));
        await services.GetRequiredService<SnapshotStore>().InitializeAsync(ct);
        return services;
    }

    /// <summary>Puts the round's snapshots in the announcer's store (as the fetch stage would) and builds the activity's input.</summary>
    private static async Task<VerifyRequest> RequestAsync(IServiceProvider services, string round, Snapshot[] snapshots, CancellationToken ct)
    {
        var store = services.GetRequiredService<SnapshotStore>();
        foreach (var snapshot in snapshots)
        {
            await store.PutAsync(snapshot, ct);
        }
        return new VerifyRequest(TestSnapshots.Tool, round, Period.Of(snapshots[0].Header.ObservedAt), "site-a",
            snapshots.Select(s => new Candidate(s.Header.Site, s.ContentId)).ToArray());
    }

    private static Snapshot Observed(string site, int day, params (string Key, double Latency, string Arch)[] rows)
    {
        var made = TestSnapshots.Make(site, rows.Select(r => (r.Key, r.Latency, r.Arch, new[] { "x" })).ToArray());
        return new Snapshot(made.Header with { ObservedAt = made.Header.ObservedAt.AddDays(day) }, made.Records);
    }

    public void Dispose() => _data.Dispose();
}
