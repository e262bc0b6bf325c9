using Mao.Core;
using Mao.Core.Model;
using Mao.Core.Serialization;
using Mao.Orchestrations.Ports;
using Mao.Orchestrations.Rounds;

namespace Mao.Orchestrations.Local;

/// <summary>
/// Snapshots as canonical JSON-lines files: this site's own under snapshots/, peers' copied into the round folder.
/// Every read is checked against the pointer's content id, so a changed or truncated file is caught.
/// </summary>
public sealed class FolderSnapshotSource(SiteDataFolder folder, ActivityJournal journal) : ISnapshotSource
{
    public async Task<SnapshotPointer> FetchAsync(FetchRequest request, CancellationToken cancellationToken)
    {
        var target = folder.PeerSnapshot(request.Tool, request.RoundId, request.Site);
        var snapshot = await LoadAsync(request.Snapshot, cancellationToken);
        var where = request.Snapshot.Location;
        if (snapshot.Header.Tool != request.Tool)
        {
            throw new MaoFormatException(where, $"snapshot is of tool '{snapshot.Header.Tool}', the round is about '{request.Tool}'");
        }
        if (snapshot.Header.Site != request.Site)
        {
            throw new MaoFormatException(where, $"snapshot was observed by '{snapshot.Header.Site}', but '{request.Site}' answered with it");
        }
        var outcome = await CreateOnlyFile.WriteAsync(target, SnapshotJsonLines.ToBytes(snapshot), cancellationToken);
        await journal.AppendAsync("fetch", request.Tool, request.RoundId, request.Site, outcome.ToString(), cancellationToken);
        return new SnapshotPointer(snapshot.ContentId, target);
    }

    public async Task<Snapshot> LoadAsync(SnapshotPointer pointer, CancellationToken cancellationToken)
    {
        pointer.Validate("snapshot pointer");
        var path = LocalLocation.ToPath(pointer.Location, "snapshot pointer");
        // Peers name these paths: reading only snapshot files keeps other local files out of error messages.
        if (!path.EndsWith(".jsonl", StringComparison.Ordinal))
        {
            throw new MaoFormatException(pointer.Location, "a snapshot location must name a .jsonl file");
        }
        if (!File.Exists(path))
        {
            throw new MaoFormatException(pointer.Location, "no snapshot file at this location");
        }
        var snapshot = SnapshotJsonLines.Read(await File.ReadAllBytesAsync(path, cancellationToken), pointer.Location);
        if (snapshot.ContentId != pointer.ContentId)
        {
            throw new MaoFormatException(pointer.Location,
                $"snapshot hashes to {snapshot.ContentId}, but the pointer says {pointer.ContentId}: it changed or is not the one announced");
        }
        return snapshot;
    }

    /// <summary>Keeps one of this site's own snapshots (create-only, named by content id) and returns its pointer.</summary>
    public async Task<SnapshotPointer> SaveOwnAsync(Snapshot snapshot, CancellationToken cancellationToken) =>
        (await SaveOwnOnceAsync(snapshot, cancellationToken)).Pointer;

    /// <summary>As <see cref="SaveOwnAsync"/>, also telling whether this call stored it or it was there already.</summary>
    public async Task<(SnapshotPointer Pointer, CreateOnlyFile.Outcome Outcome)> SaveOwnOnceAsync(Snapshot snapshot, CancellationToken cancellationToken)
    {
        var path = folder.OwnSnapshot(snapshot.Header.Tool, snapshot.ContentId);
        var outcome = await CreateOnlyFile.WriteAsync(path, SnapshotJsonLines.ToBytes(snapshot), cancellationToken);
        return (new SnapshotPointer(snapshot.ContentId, path), outcome);
    }

    /// <summary>This site's newest own snapshot of a tool (by observation time), or null when it has none.</summary>
    public SnapshotPointer? NewestOwn(string tool)
    {
        var directory = folder.SnapshotsOf(tool);
        if (!Directory.Exists(directory))
        {
            return null;
        }
        SnapshotPointer? newest = null;
        var newestAt = DateTimeOffset.MinValue;
        foreach (var file in Directory.EnumerateFiles(directory, "*.jsonl").Order(StringComparer.Ordinal))
        {
            using var stream = File.OpenRead(file);
            var snapshot = SnapshotJsonLines.Read(stream, file);
            if (snapshot.Header.ObservedAt > newestAt)
            {
                newestAt = snapshot.Header.ObservedAt;
                newest = new SnapshotPointer(snapshot.ContentId, file);
            }
        }
        return newest;
    }
}
