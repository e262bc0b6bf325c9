using Mao.Core.Model;
using Mao.Federation.Registry.Documents;
using Mao.Federation.Rounds;
using Mao.Federation.Store;

namespace Mao.Federation.Tests.Rounds;

/// <summary>
/// The part of a site's snapshot library the watcher needs, over the real store: own snapshots are those the store
/// indexed for this site (the real SiteSnapshotLibrary is written elsewhere; its NewestAsync is the same index query).
/// </summary>
internal sealed class StoreLibrary(SnapshotStore store, string site) : ISnapshotLibrary
{
    public async Task<SnapshotPointer> KeepAsync(Snapshot snapshot, CancellationToken cancellationToken)
    {
        var stored = await store.PutAsync(snapshot, cancellationToken);
        return PointerOf(stored.Entry);
    }

    public Task<Snapshot> LoadAsync(string contentId, CancellationToken cancellationToken) => store.GetAsync(contentId, cancellationToken);

    public Task<SnapshotPointer?> FindAsync(string contentId, CancellationToken cancellationToken) => throw new NotSupportedException("not needed by the watcher");

    public async Task<SnapshotPointer?> NewestAsync(string tool, CancellationToken cancellationToken) =>
        await store.Index.LatestAsync(tool, site, cancellationToken) is { } entry ? PointerOf(entry) : null;

    public Task<SnapshotPointer?> ComparableAsync(string tool, string period, string toolVersion, CancellationToken cancellationToken) =>
        throw new NotSupportedException("not needed by the watcher");

    private SnapshotPointer PointerOf(SnapshotEntry entry) =>
        new(entry.ContentId, entry.Size, entry.Tool, entry.ToolVersion, entry.Site, Period.Of(entry.ObservedAt), entry.ObservedAt,
            [new SnapshotLocation(LocationKind.Http, $"http://{site}.example:8080/api/snapshots/{entry.ContentId}")]);
}
