using Azure.Storage.Blobs;
using Mao.Core;
using Mao.Core.Serialization;
using Mao.Federation.Store;
using Mao.Testing;

namespace Mao.Federation.Tests.Store;

[Collection(AzuriteCollection.Name)]
public sealed class SnapshotStoreTests(AzuriteFixture azurite)
{
    private readonly CancellationToken _timeout = TestSnapshots.Timeout(60);

    [Fact]
    public async Task PutAsync_ThenGet_SameSnapshotAndIdIsTheContentId()
    {
        var store = await AzuriteCollection.NewStoreAsync(azurite, _timeout);
        var snapshot = TestSnapshots.Make(records: 500);

        var put = await store.PutAsync(snapshot, _timeout);
        var read = await store.GetAsync(put.Entry.ContentId, _timeout);

        Assert.True(put.Created);
        Assert.Equal(snapshot.ContentId, put.Entry.ContentId);
        Assert.Equal(snapshot.Records, read.Records);
        Assert.Equal(500, put.Entry.RecordCount);
        Assert.Equal(SnapshotJsonLines.ToBytes(snapshot).Length, put.Entry.Size);
    }

    [Fact]
    public async Task PutAsync_SameSnapshotTwice_SecondIsNoOp()
    {
        var store = await AzuriteCollection.NewStoreAsync(azurite, _timeout);
        var snapshot = TestSnapshots.Make();

        var first = await store.PutAsync(snapshot, _timeout);
        var second = await store.PutAsync(snapshot, _timeout);

        Assert.True(first.Created);
        Assert.False(second.Created);
        Assert.Single(await store.Index.BetweenAsync("dockerhub-arch", DateTimeOffset.MinValue, DateTimeOffset.MaxValue, _timeout));
    }

    [Fact]
    public async Task GetAsync_BlobCorruptedInStorage_ReportedNeverUsed()
    {
        var store = await AzuriteCollection.NewStoreAsync(azurite, _timeout);
        var put = await store.PutAsync(TestSnapshots.Make(), _timeout);
        var blob = Container(store).GetBlobClient(put.Entry.ContentId);
        var bytes = (await blob.DownloadContentAsync(_timeout)).Value.Content.ToArray();
        bytes[^5] ^= 0x01; // one flipped bit in the last record
        await blob.UploadAsync(new BinaryData(bytes), overwrite: true, _timeout);

        var error = await Assert.ThrowsAsync<SnapshotCorruptedException>(() => store.GetAsync(put.Entry.ContentId, _timeout));

        Assert.Equal(put.Entry.ContentId, error.ContentId);
        Assert.Equal(ContentId.Of(bytes), error.ActualHash);
        await Assert.ThrowsAsync<SnapshotCorruptedException>(() => store.OpenAsync(put.Entry.ContentId, _timeout));
    }

    [Fact]
    public async Task PutAsync_DifferentContentAlreadyUnderTheId_RefusedAndNotOverwritten()
    {
        var store = await AzuriteCollection.NewStoreAsync(azurite, _timeout);
        var snapshot = TestSnapshots.Make();
        var squatter = "{\"not\":\"this snapshot\"}\n"u8.ToArray();
        await Container(store).GetBlobClient(snapshot.ContentId).UploadAsync(new BinaryData(squatter), _timeout);

        var error = await Assert.ThrowsAsync<SnapshotConflictException>(() => store.PutAsync(snapshot, _timeout));

        Assert.Contains("not overwritten", error.Message, StringComparison.Ordinal);
        var kept = (await Container(store).GetBlobClient(snapshot.ContentId).DownloadContentAsync(_timeout)).Value.Content.ToArray();
        Assert.Equal(squatter, kept);
    }

    [Fact]
    public async Task PutCanonicalAsync_BytesNotMatchingClaimedId_Refused()
    {
        var store = await AzuriteCollection.NewStoreAsync(azurite, _timeout);
        var bytes = SnapshotJsonLines.ToBytes(TestSnapshots.Make());

        var error = await Assert.ThrowsAsync<SnapshotConflictException>(() =>
            store.PutCanonicalAsync(new MemoryStream(bytes), new string('0', 64), _timeout));

        Assert.Contains("hashes to " + ContentId.Of(bytes), error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<SnapshotNotFoundException>(() => store.GetAsync(new string('0', 64), _timeout));
    }

    [Fact]
    public async Task PutCanonicalAsync_ValidButNotCanonicalBytes_Refused()
    {
        var store = await AzuriteCollection.NewStoreAsync(azurite, _timeout);
        var bytes = SnapshotJsonLines.ToBytes(TestSnapshots.Make());
        var padded = bytes.Concat("\n"u8.ToArray()).ToArray(); // parses to the same snapshot, hashes differently

        var error = await Assert.ThrowsAsync<MaoFormatException>(() =>
            store.PutCanonicalAsync(new MemoryStream(padded), ContentId.Of(padded), _timeout));

        Assert.Contains("canonical", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutAsync_ToolNameWithPathTricks_RefusedBeforeWriting()
    {
        var store = await AzuriteCollection.NewStoreAsync(azurite, _timeout);

        var error = await Assert.ThrowsAsync<MaoFormatException>(() => store.PutAsync(TestSnapshots.Make(tool: "../other"), _timeout));

        Assert.Contains("tool name", error.Message, StringComparison.Ordinal);
        Assert.Empty(await BlobNamesAsync(store));
    }

    [Fact]
    public async Task PutStreamedAsync_SortedRecordsWrittenInBlocks_StoredUnderTheInMemoryContentIdAndNoStagingBlobLeft()
    {
        var store = await AzuriteCollection.NewStoreAsync(azurite, _timeout);
        var snapshot = TestSnapshots.Make(records: 20_000); // several upload blocks of the staging blob

        var streamed = await store.PutStreamedAsync(async (upload, ct) =>
        {
            using var writer = new CanonicalSnapshotWriter(upload, snapshot.Header, "test");
            foreach (var record in snapshot.Records)
            {
                await writer.WriteAsync(record, ct);
            }
            return await writer.CompleteAsync(ct);
        }, _timeout);
        var again = await store.PutAsync(snapshot, _timeout); // an activity run twice

        Assert.True(streamed.Created);
        Assert.False(again.Created);
        Assert.Equal(snapshot.ContentId, streamed.Entry.ContentId);
        Assert.Equal(SnapshotJsonLines.ToBytes(snapshot).Length, streamed.Entry.Size);
        Assert.Equal(snapshot.Records, (await store.GetAsync(snapshot.ContentId, _timeout)).Records);
        Assert.Equal([snapshot.ContentId], await BlobNamesAsync(store));
    }

    [Fact]
    public async Task PutStreamedAsync_WriterFailsHalfWay_NothingStoredNoStagingBlobLeft()
    {
        var store = await AzuriteCollection.NewStoreAsync(azurite, _timeout);
        var snapshot = TestSnapshots.Make(records: 20_000);

        await Assert.ThrowsAsync<IOException>(() => store.PutStreamedAsync(async (upload, ct) =>
        {
            using var writer = new CanonicalSnapshotWriter(upload, snapshot.Header, "test");
            foreach (var record in snapshot.Records.Take(15_000))
            {
                await writer.WriteAsync(record, ct);
            }
            throw new IOException("the source went away");
        }, _timeout));

        Assert.Empty(await BlobNamesAsync(store));
        Assert.Empty(await store.Index.BetweenAsync("dockerhub-arch", DateTimeOffset.MinValue, DateTimeOffset.MaxValue, _timeout));
    }

    [Fact]
    public async Task PutStreamedAsync_InAStagingGroup_LeavesNoStagingBlob_DeleteStagingTakesOnlyThatGroup_BadGroupNamed()
    {
        var store = await AzuriteCollection.NewStoreAsync(azurite, _timeout);
        var snapshot = TestSnapshots.Make(records: 50);
        var container = Container(store);
        // Left by writers killed between upload and copy: one in the group, one in another group, one of the gateway (no group).
        string[] leftovers = [$"{SnapshotBlobs.StagingPrefix}runs/sar/2026-11-30/aa", $"{SnapshotBlobs.StagingPrefix}runs/sar/2026-11-29/bb", $"{SnapshotBlobs.StagingPrefix}cc"];
        foreach (var name in leftovers)
        {
            await container.UploadBlobAsync(name, BinaryData.FromString("partial"), _timeout);
        }

        var put = await store.PutStreamedAsync(async (upload, ct) =>
        {
            using var writer = new CanonicalSnapshotWriter(upload, snapshot.Header, "test");
            foreach (var record in snapshot.Records)
            {
                await writer.WriteAsync(record, ct);
            }
            return await writer.CompleteAsync(ct);
        }, "runs/sar/2026-11-30/", _timeout);
        var deleted = await store.Blobs.DeleteStagingAsync("runs/sar/2026-11-30/", _timeout);
        var again = await store.Blobs.DeleteStagingAsync("runs/sar/2026-11-30/", _timeout);
        var bad = await Assert.ThrowsAsync<MaoFormatException>(() => store.Blobs.DeleteStagingAsync("../snapshots/", _timeout));

        Assert.Equal(snapshot.ContentId, put.Entry.ContentId);
        Assert.Equal((1, 0), (deleted, again));
        Assert.Equal(new[] { leftovers[2], leftovers[1], snapshot.ContentId }.Order(StringComparer.Ordinal), (await BlobNamesAsync(store)).Order(StringComparer.Ordinal));
        Assert.Contains("../snapshots/", bad.Message, StringComparison.Ordinal);
    }

    private async Task<List<string>> BlobNamesAsync(SnapshotStore store) =>
        await Container(store).GetBlobsAsync(cancellationToken: _timeout).Select(b => b.Name).ToListAsync(_timeout);

    private BlobContainerClient Container(SnapshotStore store) =>
        new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(store.Blobs.Name);
}
