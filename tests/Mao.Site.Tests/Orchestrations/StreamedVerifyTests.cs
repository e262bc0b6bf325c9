using Azure.Storage.Blobs;
using Mao.Bench.Rounds;
using Mao.Core.Model;
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
/// The verify activity as the site wires it (real Azurite): candidates streamed from blob, ground truth streamed into a
/// staged upload. Its ground truth must be byte for byte what the in-memory path gives on the same snapshots (every
/// candidate loaded whole, the ground truth built as a <see cref="Snapshot"/>), a re-run stages the same id, and no staging
/// blob is left behind.
/// </summary>
[Collection(FederationCollection.Name)]
public sealed class StreamedVerifyTests(AzuriteFixture azurite, EtcdFixture etcd) : IDisposable
{
    private readonly TempFolder _data = new("mao-streamed-verify");

    [Theory]
    [InlineData(3, 2_000)]
    [InlineData(4, 7_000)]
    public async Task StreamedVerify_StagesTheInMemoryPathsContentId_OnceAndCleanly(int sites, int records)
    {
        using var timeout = TestSites.Timeout(240);
        var ct = timeout.Token;
        var (services, container) = await StartAsync(ct);
        await using var _ = services;
        var store = services.GetRequiredService<SnapshotStore>();
        var candidates = new List<Candidate>();
        for (var site = 0; site < sites; site++)
        {
            candidates.Add(new Candidate(RoundSnapshots.Site(site), (await RoundSnapshots.StoreAsync(store, site, records, ct)).ContentId));
        }
        var request = new VerifyRequest(RoundSnapshots.Tool, "round-1", Period.Of(RoundSnapshots.Day), RoundSnapshots.Site(0), candidates);

        var streamed = await services.GetRequiredService<VerifyRoundActivity>().ExecuteAsync(request, ct);
        var again = await services.GetRequiredService<VerifyRoundActivity>().ExecuteAsync(request, ct);

        var observations = new List<SiteObservation>();
        foreach (var candidate in candidates)
        {
            observations.Add(new SiteObservation(candidate.Site, await store.GetAsync(candidate.ContentId, ct)));
        }
        var (outcome, inMemory) = services.GetRequiredService<IVerifier>().VerifyInMemory(
            new VerificationInput(request.Tool, request.Round, request.Announcer, observations));
        Assert.Equal(inMemory.ContentId, streamed.GroundTruth.ContentId);
        Assert.Equal(streamed.GroundTruth.ContentId, again.GroundTruth.ContentId);
        Assert.Equal(outcome.Support, streamed.Support);
        Assert.Equal(outcome.Dissent, streamed.Dissent);
        // The synthetic liar dissents on some records, so the comparison covers disagreement too.
        var dissent = inMemory.Schema.IndexOf("dissent");
        Assert.Contains(inMemory.Records, r => r.Values[dissent].Set.Contains(RoundSnapshots.Site(2)));
        var entry = await store.Blobs.GetEntryAsync(streamed.GroundTruth.ContentId, ct);
        Assert.Equal(inMemory.Records.Count, (int)entry!.RecordCount);
        var staging = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, SnapshotBlobs.StagingPrefix, ct))
        {
            staging.Add(blob.Name);
        }
        Assert.Empty(staging);
    }

    private async Task<(ServiceProvider, BlobContainerClient)> StartAsync(CancellationToken ct)
    {
        var id = Guid.NewGuid().ToString("N")[..10];
        var settings = new FederationSettings
        {
            SiteId = RoundSnapshots.Site(0),
            DataDirectory = _data.Combine(id),
            StorageConnectionString = azurite.ConnectionString,
            SnapshotContainer = "snapshots-" + id,
            SnapshotTable = "snapshots" + id,
            Etcd = new EtcdOptions { Endpoints = etcd.Endpoints, KeyRoot = "/mao-test-" + id },
            PublicEndpoint = "http://site-a.example:8080",
        };
        var services = new ServiceCollection().AddLogging().AddFederatedRounds(settings).BuildServiceProvider();
        await services.GetRequiredService<SnapshotStore>().InitializeAsync(ct);
        return (services, new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(settings.SnapshotContainer));
    }

    public void Dispose() => _data.Dispose();
}
