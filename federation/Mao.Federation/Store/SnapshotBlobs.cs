using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Mao.Core.Serialization;

namespace Mao.Federation.Store;

/// <summary>
/// Content-addressed, immutable snapshot blobs: the blob name is the SHA-256 of the canonical bytes.
/// Creation is conditional (If-None-Match: *), so a blob is never replaced; reads re-hash before use.
/// </summary>
public sealed class SnapshotBlobs(BlobContainerClient container, string tempFolder)
{
    public string Name => container.Name;

    public Task CreateIfNotExistsAsync(CancellationToken cancellationToken) => container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);

    /// <summary>
    /// Uploads the completed <paramref name="content"/> under <paramref name="entry"/>'s id. True when created, false when
    /// the same content was already there; refused when different content sits under the id.
    /// </summary>
    internal async Task<bool> CreateAsync(HashingFile content, SnapshotEntry entry, CancellationToken cancellationToken)
    {
        var blob = container.GetBlobClient(entry.ContentId);
        var options = new BlobUploadOptions
        {
            Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            Metadata = entry.ToMetadata(),
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/x-ndjson" },
        };
        try
        {
            content.Position = 0;
            await blob.UploadAsync(content, options, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            await using var existing = await DownloadVerifiedAsync(entry.ContentId, cancellationToken, conflictOnMismatch: true);
            return false;
        }
    }

    /// <summary>
    /// Opens an upload to a new staging blob (under <see cref="StagingPrefix"/>, which no listing takes for a snapshot):
    /// what is written goes to blob storage in blocks as it is produced, hashed on the way. <see cref="PlaceAsync"/> then
    /// puts it under its content id.
    /// </summary>
    /// <param name="group">A folder under the staging prefix ("runs/&lt;tool&gt;/&lt;period&gt;/") whose blobs the writer can
    /// delete later (<see cref="DeleteStagingAsync"/>): a keep step killed between upload and copy leaves its blob there.</param>
    internal async Task<StagedUpload> StageAsync(string? group, CancellationToken cancellationToken)
    {
        var staging = container.GetBlockBlobClient($"{StagingPrefix}{StagingGroup(group)}{Guid.NewGuid():N}");
        var upload = await staging.OpenWriteAsync(overwrite: true, new BlockBlobOpenWriteOptions
        {
            BufferSize = StagingBlockBytes,
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/x-ndjson" },
        }, cancellationToken);
        return new StagedUpload(staging, upload);
    }

    /// <summary>
    /// Copies a completed staging blob to <paramref name="entry"/>'s content id (server side, If-None-Match: *, with the
    /// entry as metadata); disposing <paramref name="staged"/> then deletes the staging blob. True when created, false when the same content was there already
    /// (a re-run); refused when different content sits under the id.
    /// </summary>
    internal async Task<bool> PlaceAsync(StagedUpload staged, SnapshotEntry entry, CancellationToken cancellationToken)
    {
        try
        {
            var copy = await container.GetBlobClient(entry.ContentId).StartCopyFromUriAsync(staged.Blob.Uri, new BlobCopyFromUriOptions
            {
                Metadata = entry.ToMetadata(),
                DestinationConditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            }, cancellationToken);
            await copy.WaitForCompletionAsync(cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            await using var existing = await DownloadVerifiedAsync(entry.ContentId, cancellationToken, conflictOnMismatch: true);
            return false;
        }
    }

    /// <summary>Staging blob names start with this; they are not content ids, so listings and rebuilds pass them by.</summary>
    public const string StagingPrefix = "staging/";

    /// <summary>Deletes the staging blobs left under <paramref name="group"/> (see <see cref="StageAsync"/>); how many. Idempotent.</summary>
    public Task<int> DeleteStagingAsync(string group, CancellationToken cancellationToken) =>
        DeleteStagingWhereAsync(StagingPrefix + StagingGroup(group), _ => true, cancellationToken);

    /// <summary>
    /// How old a staging blob must be before the daily sweep deletes it: no upload, fetch or verify runs this long, so only
    /// what a killed process left (a gateway upload or a peer fetch cut between upload and copy) is that old.
    /// </summary>
    public static readonly TimeSpan StaleStagingAge = TimeSpan.FromDays(1);

    /// <summary>Deletes every staging blob (of any group) last written before <paramref name="before"/>; how many. Idempotent.</summary>
    public Task<int> DeleteStaleStagingAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        DeleteStagingWhereAsync(StagingPrefix, blob => blob.Properties.LastModified is { } written && written < before, cancellationToken);

    /// <summary>Deletes the staging blobs under <paramref name="prefix"/> that <paramref name="take"/> picks, each only if unchanged since listed.</summary>
    private async Task<int> DeleteStagingWhereAsync(string prefix, Func<BlobItem, bool> take, CancellationToken cancellationToken)
    {
        var deleted = 0;
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken))
        {
            if (!take(blob))
            {
                continue;
            }
            // Only if unchanged since listed (its ETag): a blob written again meanwhile is in use.
            var unchanged = new BlobRequestConditions { IfMatch = blob.Properties.ETag };
            try
            {
                deleted += (await container.GetBlobClient(blob.Name).DeleteIfExistsAsync(conditions: unchanged, cancellationToken: cancellationToken)).Value ? 1 : 0;
            }
            catch (Azure.RequestFailedException e) when (e.Status == 412)
            {
                // Written since it was listed: still in use.
            }
        }
        return deleted;
    }

    /// <summary>A staging group is a relative folder ending in '/': letters, digits, '-', '_', '.', '/' only, no "..".</summary>
    private static string StagingGroup(string? group)
    {
        if (group is null)
        {
            return "";
        }
        if (group.Length is 0 or > 200 || !group.EndsWith('/') || group.StartsWith('/') || group.Contains("..", StringComparison.Ordinal)
            || !group.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/'))
        {
            throw new Core.MaoFormatException("staging group", $"'{group}' is not a relative folder of letters, digits and -_./ ending in '/'");
        }
        return group;
    }

    private const int StagingBlockBytes = 4 << 20;

    /// <summary>Downloads into a temporary file and checks the hash; the returned stream is rewound and deletes itself on dispose.</summary>
    public Task<Stream> OpenVerifiedAsync(string contentId, CancellationToken cancellationToken) =>
        DownloadVerifiedAsync(contentId, cancellationToken, conflictOnMismatch: false);

    public async Task<SnapshotEntry?> GetEntryAsync(string contentId, CancellationToken cancellationToken)
    {
        try
        {
            var properties = await container.GetBlobClient(contentId).GetPropertiesAsync(cancellationToken: cancellationToken);
            return SnapshotEntry.FromMetadata(properties.Value.Metadata, $"{container.Name}/{contentId}");
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Every stored snapshot's metadata, for rebuilding the index or git from blobs.</summary>
    public async IAsyncEnumerable<SnapshotEntry> ListAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in container.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, prefix: null, cancellationToken))
        {
            if (ContentId.IsWellFormed(item.Name))
            {
                yield return SnapshotEntry.FromMetadata(item.Metadata, $"{container.Name}/{item.Name}");
            }
        }
    }

    private async Task<Stream> DownloadVerifiedAsync(string contentId, CancellationToken cancellationToken, bool conflictOnMismatch)
    {
        if (!ContentId.IsWellFormed(contentId))
        {
            throw new ArgumentException($"'{contentId}' is not a SHA-256 content id", nameof(contentId));
        }
        var file = new HashingFile(tempFolder);
        try
        {
            try
            {
                var download = await container.GetBlobClient(contentId).DownloadStreamingAsync(cancellationToken: cancellationToken);
                await using var body = download.Value.Content;
                await body.CopyToAsync(file, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                throw new SnapshotNotFoundException(container.Name, contentId);
            }
            var actual = file.Complete();
            if (actual != contentId)
            {
                throw conflictOnMismatch
                    ? new SnapshotConflictException(
                        $"blob {container.Name}/{contentId} already holds different content (hashing to {actual}); it was not overwritten")
                    : new SnapshotCorruptedException(container.Name, contentId, actual);
            }
            return file;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }
}
