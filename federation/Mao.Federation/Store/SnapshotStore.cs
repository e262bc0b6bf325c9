using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Mao.Core;
using Mao.Core.Model;
using Mao.Core.Serialization;
using Mao.Core.Verification;

namespace Mao.Federation.Store;

/// <summary>
/// A site's own record of every snapshot: immutable content-addressed blobs plus a table index.
/// The blob is written before its index rows, so the index never names a snapshot that is not stored.
/// </summary>
public sealed class SnapshotStore
{
    private readonly string _tempFolder;

    public SnapshotStore(SnapshotStoreOptions options)
    {
        _tempFolder = options.TempFolder;
        Blobs = new SnapshotBlobs(new BlobServiceClient(options.ConnectionString).GetBlobContainerClient(options.Container), options.TempFolder);
        Index = new SnapshotIndex(new TableServiceClient(options.ConnectionString).GetTableClient(options.IndexTable));
    }

    public SnapshotBlobs Blobs { get; }

    public SnapshotIndex Index { get; }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await Blobs.CreateIfNotExistsAsync(cancellationToken);
        await Index.CreateIfNotExistsAsync(cancellationToken);
    }

    /// <summary>Stores a snapshot (its canonical form streamed to a staging blob as it is written) and indexes it.</summary>
    public Task<StoreResult> PutAsync(Snapshot snapshot, CancellationToken cancellationToken) =>
        PutStreamedAsync(async (upload, ct) =>
        {
            using var writer = new CanonicalSnapshotWriter(upload, snapshot.Header, $"snapshot of {snapshot.Header.Tool}");
            foreach (var record in snapshot.Records)
            {
                await writer.WriteAsync(record, ct);
            }
            return await writer.CompleteAsync(ct);
        }, cancellationToken);

    /// <summary>
    /// Stores a snapshot that <paramref name="write"/> streams in canonical form: the bytes go to a staging blob in blocks
    /// as they are written, hashed on the way, and are then copied server side under their content id (If-None-Match: *,
    /// so a re-run or a racing writer stores nothing twice) and indexed; memory holds one block, never the snapshot.
    /// Records that came unsorted are read back from the staging blob once, sorted as a <see cref="Snapshot"/> (in memory)
    /// and stored. Nothing is stored when <paramref name="write"/> throws.
    /// </summary>
    public Task<StoreResult> PutStreamedAsync(Func<Stream, CancellationToken, Task<CanonicalisedSnapshot>> write, CancellationToken cancellationToken) =>
        PutStreamedAsync(write, stagingGroup: null, cancellationToken);

    /// <inheritdoc cref="PutStreamedAsync(Func{Stream, CancellationToken, Task{CanonicalisedSnapshot}}, CancellationToken)"/>
    /// <param name="stagingGroup">Where under the staging prefix the upload goes, so its writer can clean up after a crash (null: the top).</param>
    public async Task<StoreResult> PutStreamedAsync(Func<Stream, CancellationToken, Task<CanonicalisedSnapshot>> write, string? stagingGroup, CancellationToken cancellationToken)
    {
        await using var staged = await Blobs.StageAsync(stagingGroup, cancellationToken);
        var written = await write(staged, cancellationToken);
        var (id, size) = await staged.CompleteAsync(cancellationToken);
        if (!written.Sorted)
        {
            Snapshot sorted;
            await using (var body = await staged.Blob.OpenReadAsync(cancellationToken: cancellationToken))
            {
                sorted = SnapshotJsonLines.Read(body, "streamed snapshot");
            }
            return await PutAsync(sorted, cancellationToken);
        }
        var entry = SnapshotEntry.Of(written.Header, id, written.Records, size);
        var where = $"snapshot {entry.ContentId}";
        Identifier.Validate(entry.Tool, "tool name", where);
        Identifier.Validate(entry.Site, "site name", where);
        var created = await Blobs.PlaceAsync(staged, entry, cancellationToken);
        await Index.AddAsync(entry, cancellationToken);
        return new StoreResult(entry, created);
    }

    /// <summary>
    /// Stores canonical snapshot bytes received from elsewhere (a peer, git) that claim to be <paramref name="expectedId"/>.
    /// Bytes that hash differently, or that are not the canonical form of the snapshot they parse to, are refused.
    /// </summary>
    public async Task<StoreResult> PutCanonicalAsync(Stream content, string expectedId, CancellationToken cancellationToken)
    {
        await using var file = new HashingFile(_tempFolder);
        await content.CopyToAsync(file, cancellationToken);
        return await PutCanonicalAsync(file, expectedId, checkHeader: null, cancellationToken);
    }

    /// <summary>
    /// Stores received bytes already written to <paramref name="file"/> (not yet completed): checked against
    /// <paramref name="expectedId"/>, then streamed once through <see cref="SnapshotCanonicaliser"/> (which must give the same
    /// bytes back, sorted) and uploaded from the file, so the snapshot is never held in memory. <paramref name="checkHeader"/>
    /// runs on the header before the records are read; whatever it or a check throws, nothing is stored.
    /// </summary>
    internal async Task<StoreResult> PutCanonicalAsync(HashingFile file, string expectedId, Action<SnapshotHeader>? checkHeader, CancellationToken cancellationToken)
    {
        var id = file.Complete();
        if (id != expectedId)
        {
            throw new SnapshotConflictException($"content offered as snapshot {expectedId} hashes to {id}: refused");
        }
        var where = $"snapshot {expectedId}";
        CanonicalisedSnapshot canonical;
        using (var rewritten = new ContentId.HashingStream())
        {
            try
            {
                canonical = await SnapshotCanonicaliser.CanonicaliseAsync(file, rewritten, where, checkHeader, cancellationToken);
            }
            catch (System.Text.DecoderFallbackException e)
            {
                throw new MaoFormatException(where, $"snapshot is not valid UTF-8 ({e.Message.TrimEnd('.')})", inner: e);
            }
            if (!canonical.Sorted || rewritten.HexDigest() != id)
            {
                throw new MaoFormatException(where, "bytes are not in canonical form (re-serialising them gives another id): refused");
            }
        }
        file.Position = 0;
        return await StoreAsync(file, SnapshotEntry.Of(canonical.Header, id, canonical.Records, file.Length), cancellationToken);
    }

    /// <summary>
    /// A stored snapshot as a record source, for the round's verification: its bytes are downloaded into a temporary file
    /// and checked against the id first (a corrupted blob throws <see cref="SnapshotCorruptedException"/>), then read one
    /// record at a time in key order, header first. Disposing the source deletes the file.
    /// </summary>
    public async Task<IRecordSource> OpenRecordsAsync(string contentId, CancellationToken cancellationToken)
    {
        var stream = await Blobs.OpenVerifiedAsync(contentId, cancellationToken);
        try
        {
            return new JsonLinesRecordSource(stream, $"{Blobs.Name}/{contentId}");
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }
    }

    /// <summary>Reads a snapshot after checking its bytes hash to its id; a corrupted blob throws <see cref="SnapshotCorruptedException"/>.</summary>
    public async Task<Snapshot> GetAsync(string contentId, CancellationToken cancellationToken)
    {
        await using var stream = await Blobs.OpenVerifiedAsync(contentId, cancellationToken);
        return SnapshotJsonLines.Read(stream, $"{Blobs.Name}/{contentId}");
    }

    /// <summary>The verified canonical bytes, as a stream (temporary file) to pass on to git or a peer.</summary>
    public Task<Stream> OpenAsync(string contentId, CancellationToken cancellationToken) => Blobs.OpenVerifiedAsync(contentId, cancellationToken);

    /// <summary>Re-creates index rows from the blobs' metadata (after losing the table); returns how many snapshots it saw.</summary>
    public async Task<int> RebuildIndexAsync(CancellationToken cancellationToken)
    {
        var count = 0;
        await foreach (var entry in Blobs.ListAsync(cancellationToken))
        {
            await Index.AddAsync(entry, cancellationToken);
            count++;
        }
        return count;
    }

    private async Task<StoreResult> StoreAsync(HashingFile file, SnapshotEntry entry, CancellationToken cancellationToken)
    {
        var where = $"snapshot {entry.ContentId}";
        Identifier.Validate(entry.Tool, "tool name", where);
        Identifier.Validate(entry.Site, "site name", where);
        var created = await Blobs.CreateAsync(file, entry, cancellationToken);
        await Index.AddAsync(entry, cancellationToken);
        return new StoreResult(entry, created);
    }
}

/// <summary>What a put did: <see cref="Created"/> is false when the same snapshot was already stored (a no-op).</summary>
public sealed record StoreResult(SnapshotEntry Entry, bool Created);
