using Mao.Core;
using Mao.Core.Model;
using Mao.Core.Serialization;
using Mao.Core.Verification;
using Mao.Federation.Configuration;
using Mao.Federation.Registry;
using Mao.Federation.Registry.Documents;
using Mao.Federation.Store;
using Microsoft.Extensions.Logging;

namespace Mao.Federation.Rounds;

/// <summary>This site's snapshots in its blob + table store and its dataset repositories (see <see cref="ISnapshotLibrary"/>).</summary>
public sealed class SiteSnapshotLibrary(SnapshotStore store, FederationSettings settings, SiteEndpoint endpoint, FederationRegistry registry, ILogger<SiteSnapshotLibrary> log)
    : ISnapshotLibrary, IDisposable
{
    private readonly SiteDatasets _datasets = new(settings, registry, log);

    public async Task<SnapshotPointer> KeepAsync(Snapshot snapshot, CancellationToken cancellationToken)
    {
        if (snapshot.Header.Site != settings.SiteId)
        {
            throw new MaoFormatException($"snapshot {snapshot.ContentId}",
                $"observed by '{snapshot.Header.Site}': site '{settings.SiteId}' keeps only its own snapshots in its library");
        }
        // Blob first: it is the truth; git follows from the stored (verified) bytes.
        var put = await store.PutAsync(snapshot, cancellationToken);
        var commit = await _datasets.KeepAsync(put.Entry, () => store.OpenAsync(put.Entry.ContentId, cancellationToken), cancellationToken);
        return Pointer(put.Entry, commit);
    }

    /// <summary>Streams the snapshot to the blob (hashing on the way), then commits git from the stored blob: never whole in memory when sorted.</summary>
    public async Task<KeptSnapshot> KeepStreamedAsync(Func<Stream, CancellationToken, Task<CanonicalisedSnapshot>> write, string? stagingGroup, CancellationToken cancellationToken)
    {
        var put = await store.PutStreamedAsync(async (file, ct) =>
        {
            var written = await write(file, ct);
            // Checked before anything is stored: a library keeps its own site's snapshots only.
            return written.Header.Site == settings.SiteId ? written : throw new MaoFormatException("streamed snapshot",
                $"observed by '{written.Header.Site}': site '{settings.SiteId}' keeps only its own snapshots in its library");
        }, stagingGroup, cancellationToken);
        var commit = await _datasets.KeepAsync(put.Entry, () => store.OpenAsync(put.Entry.ContentId, cancellationToken), cancellationToken);
        return new KeptSnapshot(Pointer(put.Entry, commit), put.Created, (int)put.Entry.RecordCount);
    }

    public Task<Snapshot> LoadAsync(string contentId, CancellationToken cancellationToken) => store.GetAsync(contentId, cancellationToken);

    public Task<IRecordSource> OpenRecordsAsync(string contentId, CancellationToken cancellationToken) => store.OpenRecordsAsync(contentId, cancellationToken);

    public async Task<SnapshotPointer?> FindAsync(string contentId, CancellationToken cancellationToken)
    {
        if (!ContentId.IsWellFormed(contentId))
        {
            return null;
        }
        var entry = await store.Blobs.GetEntryAsync(contentId, cancellationToken);
        return entry is null || entry.Site != settings.SiteId ? null : await PointerAsync(entry, cancellationToken);
    }

    public async Task<SnapshotPointer?> NewestAsync(string tool, CancellationToken cancellationToken)
    {
        var entry = await store.Index.LatestAsync(tool, settings.SiteId, cancellationToken);
        return entry is null ? null : await PointerAsync(entry, cancellationToken);
    }

    public async Task<SnapshotPointer?> ComparableAsync(string tool, string period, string toolVersion, CancellationToken cancellationToken)
    {
        Period.Validate(period, $"comparable snapshot of {tool}");
        var day = DateTimeOffset.ParseExact(period, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal);
        var entries = await store.Index.BetweenAsync(tool, day, day.AddDays(1), cancellationToken);
        var newest = entries
            .Where(e => e.Site == settings.SiteId && MajorVersion(e.ToolVersion) == MajorVersion(toolVersion))
            .MaxBy(e => e.ObservedAt);
        return newest is null ? null : await PointerAsync(newest, cancellationToken);
    }

    /// <summary>Versions are compatible when their major parts (before the first '.') are equal: "1.4.2" and "1.0" are, "2.0" is not.</summary>
    public static string MajorVersion(string version)
    {
        var dot = version.IndexOf('.', StringComparison.Ordinal);
        return (dot < 0 ? version : version[..dot]).Trim();
    }

    public void Dispose() => _datasets.Dispose();

    private async Task<SnapshotPointer> PointerAsync(SnapshotEntry entry, CancellationToken cancellationToken) =>
        Pointer(entry, await _datasets.PushedCommitAsync(entry.Tool, entry.ContentId, cancellationToken));

    private SnapshotPointer Pointer(SnapshotEntry entry, string? commit)
    {
        var locations = new List<SnapshotLocation> { new(LocationKind.Http, endpoint.SnapshotAddress(entry.ContentId).ToString()) };
        if (commit is not null && _datasets.RemoteOf(entry.Tool) is { } remote)
        {
            locations.Add(new SnapshotLocation(LocationKind.Git, remote, commit));
        }
        return new SnapshotPointer(entry.ContentId, entry.Size, entry.Tool, entry.ToolVersion, entry.Site, Period.Of(entry.ObservedAt), entry.ObservedAt, locations);
    }
}
