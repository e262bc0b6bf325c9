using Azure.Storage.Blobs;
using Mao.Federation.Store;
using Mao.Testing;

namespace Mao.Federation.Tests.Store;

/// <summary>The daily sweep deletes staging blobs a killed upload left, once they are stale, and nothing else.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class StagingSweepTests(AzuriteFixture azurite)
{
    private readonly CancellationToken _timeout = TestSnapshots.Timeout(60);

    [Fact]
    public async Task StaleStagingBlobsOfAnyGroup_Deleted_FreshOnesAndSnapshotsKept()
    {
        var store = await AzuriteCollection.NewStoreAsync(azurite, _timeout);
        var kept = (await store.PutAsync(TestSnapshots.Make(), _timeout)).Entry;
        var container = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(store.Blobs.Name);
        // What a gateway upload (no group) and a keep step (a run's group) killed between upload and copy leave.
        string[] leftovers = [$"{SnapshotBlobs.StagingPrefix}{Guid.NewGuid():N}", $"{SnapshotBlobs.StagingPrefix}runs/bench/2026-11-01/{Guid.NewGuid():N}"];
        foreach (var name in leftovers)
        {
            await container.GetBlobClient(name).UploadAsync(BinaryData.FromString("half a snapshot"), _timeout);
        }

        var whileFresh = await store.Blobs.DeleteStaleStagingAsync(DateTimeOffset.UtcNow - SnapshotBlobs.StaleStagingAge, _timeout);
        // A day later (the sweep's cut-off is its occurrence minus the stale age).
        var dayLater = await store.Blobs.DeleteStaleStagingAsync(DateTimeOffset.UtcNow.AddDays(2) - SnapshotBlobs.StaleStagingAge, _timeout);
        var again = await store.Blobs.DeleteStaleStagingAsync(DateTimeOffset.UtcNow.AddDays(2) - SnapshotBlobs.StaleStagingAge, _timeout);

        Assert.Equal((0, 2, 0), (whileFresh, dayLater, again));
        foreach (var name in leftovers)
        {
            Assert.False((await container.GetBlobClient(name).ExistsAsync(_timeout)).Value, name);
        }
        Assert.Equal(kept.ContentId, (await store.GetAsync(kept.ContentId, _timeout)).ContentId); // snapshots are never staging
    }
}
