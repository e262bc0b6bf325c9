using Mao.Core.Serialization;
using Mao.Federation.Store;

namespace Mao.Federation.Rounds;

/// <summary>
/// Serves snapshots by content id (<c>GET /api/snapshots/{contentId}</c> in both hosts): the canonical bytes, re-hashed
/// against the id before a byte leaves, so a peer never receives a corrupted blob from us.
/// </summary>
public sealed class SnapshotDownloads(SnapshotStore store)
{
    public const string ContentType = "application/x-ndjson";

    /// <summary>The snapshot's bytes (the caller disposes the stream), or a 400/404/500 with a reason.</summary>
    public async Task<SnapshotDownload> OpenAsync(string contentId, CancellationToken cancellationToken)
    {
        if (!ContentId.IsWellFormed(contentId))
        {
            return SnapshotDownload.Error(400, $"'{Shorten(contentId)}' is not a snapshot content id (64 lower-case hex digits)");
        }
        try
        {
            var content = await store.OpenAsync(contentId, cancellationToken);
            return new SnapshotDownload(200, content, content.Length, ContentType, null);
        }
        catch (SnapshotNotFoundException)
        {
            return SnapshotDownload.Error(404, $"this site holds no snapshot {contentId}");
        }
        catch (SnapshotCorruptedException e)
        {
            return SnapshotDownload.Error(500, e.Message);
        }
    }

    private static string Shorten(string text) =>
        new((text.Length > 80 ? text[..80] : text).Select(c => char.IsControl(c) ? '?' : c).ToArray());
}

/// <summary>A snapshot to send (<see cref="Status"/> 200 with <see cref="Content"/>), or the status and reason it cannot be.</summary>
public sealed record SnapshotDownload(int Status, Stream? Content, long Length, string ContentType, string? Problem)
{
    public static SnapshotDownload Error(int status, string problem) => new(status, null, 0, "text/plain", problem);
}
