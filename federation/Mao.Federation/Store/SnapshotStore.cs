using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Mao.Core;
using Mao.Core.Model;
using Mao.Core.Serialization;

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

    /// <summary>Stores a snapshot (streamed through a temporary file, never whole in memory twice) and indexes it.</summary>
    public async Task<StoreResult> PutAsync(Snapshot snapshot, CancellationToken cancellationToken)
    {
        await using var file = new HashingFile(_tempFolder);
        SnapshotJsonLines.Write(snapshot, file);
        var id = file.Complete();
        return await StoreAsync(file, SnapshotEntry.Of(snapshot.Header, id, snapshot.Records.Count, file.Length), cancellationToken);
    }

    /// <summary>
    /// Stores a snapshot that <paramref name="write"/> streams, validated and canonical line by line, into a hashing
    /// temporary file: when its records came sorted the file is the canonical form and goes to the blob as it is, never
    /// whole in memory. Unsorted records are read back from the file once, sorted as a <see cref="Snapshot"/> and stored.
    /// Nothing is stored when <paramref name="write"/> throws.
    /// </summary>
    public async Task<StoreResult> PutStreamedAsync(Func<Stream, CancellationToken, Task<CanonicalisedSnapshot>> write, CancellationToken cancellationToken)
    {
        await using var file = new HashingFile(_tempFolder);
        var written = await write(file, cancellationToken);
        var id = file.Complete();
        if (!written.Sorted)
        {
            return await PutAsync(SnapshotJsonLines.Read(file, "streamed snapshot"), cancellationToken);
        }
        return await StoreAsync(file, SnapshotEntry.Of(written.Header, id, written.Records, file.Length), cancellationToken);
    }

    /// <summary>
    /// Stores canonical snapshot bytes received from elsewhere (a peer, git) that claim to be <paramref name="expectedId"/>.
    /// Bytes that hash differently, or that are not the canonical form of the snapshot they parse to, are refused.
    /// </summary>
    public async Task<StoreResult> PutCanonicalAsync(Stream content, string expectedId, CancellationToken cancellationToken)
    {
        await using var file = new HashingFile(_tempFolder);
        await content.CopyToAsync(file, cancellationToken);
        var id = file.Complete();
        if (id != expectedId)
        {
            throw new SnapshotConflictException($"content offered as snapshot {expectedId} hashes to {id}: refused");
        }
        var snapshot = SnapshotJsonLines.Read(file, $"snapshot {expectedId}");
        if (snapshot.ContentId != id)
        {
            throw new MaoFormatException($"snapshot {expectedId}", "bytes are not in canonical form (re-serialising them gives another id): refused");
        }
        return await StoreAsync(file, SnapshotEntry.Of(snapshot.Header, id, snapshot.Records.Count, file.Length), cancellationToken);
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
