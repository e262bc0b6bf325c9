using Mao.Core.Model;
using Mao.Core.Serialization;
using Mao.Core.Verification;
using Mao.Federation.Registry.Documents;

namespace Mao.Federation.Rounds;

/// <summary>Tells the federation that a round is open: a signed announcement in etcd. Idempotent per (tool, round).</summary>
public interface IRoundMessaging
{
    Task AnnounceAsync(RoundAnnouncement announcement, CancellationToken cancellationToken);
}

/// <summary>
/// This site's own snapshots: kept content-addressed in blob + table, committed to the site's branch of the tool's
/// dataset repository and pushed; pointers name where peers can fetch them (this site's API and its git remote).
/// </summary>
public interface ISnapshotLibrary
{
    /// <summary>Stores (idempotently) and returns the pointer peers will use.</summary>
    Task<SnapshotPointer> KeepAsync(Snapshot snapshot, CancellationToken cancellationToken);

    /// <summary>
    /// Keeps a snapshot that <paramref name="write"/> streams in canonical form (see <c>SnapshotStore.PutStreamedAsync</c>),
    /// without holding it in memory. This default buffers it, for libraries that cannot stream. <paramref name="stagingGroup"/>
    /// names the folder its staging blob goes to (<c>SnapshotBlobs.DeleteStagingAsync</c>), null for none.
    /// </summary>
    async Task<KeptSnapshot> KeepStreamedAsync(Func<Stream, CancellationToken, Task<CanonicalisedSnapshot>> write, string? stagingGroup, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var written = await write(buffer, cancellationToken);
        buffer.Position = 0;
        var snapshot = SnapshotJsonLines.Read(buffer, "streamed snapshot");
        var known = await FindAsync(snapshot.ContentId, cancellationToken);
        return new KeptSnapshot(known ?? await KeepAsync(snapshot, cancellationToken), known is null, written.Records);
    }

    /// <summary>Loads a stored snapshot, checked against its content id.</summary>
    Task<Snapshot> LoadAsync(string contentId, CancellationToken cancellationToken);

    /// <summary>
    /// A stored snapshot, checked against its content id, as records read one at a time in key order (header first): what
    /// a round verifies, never whole in memory. The caller disposes it. This default loads it whole, for libraries that cannot stream.
    /// </summary>
    async Task<IRecordSource> OpenRecordsAsync(string contentId, CancellationToken cancellationToken)
    {
        var snapshot = await LoadAsync(contentId, cancellationToken);
        return new SnapshotRecordSource(snapshot, $"snapshot {contentId}");
    }

    /// <summary>The pointer of one of this site's own stored snapshots, or null when it holds no such snapshot.</summary>
    Task<SnapshotPointer?> FindAsync(string contentId, CancellationToken cancellationToken);

    /// <summary>This site's newest own snapshot of a tool, or null.</summary>
    Task<SnapshotPointer?> NewestAsync(string tool, CancellationToken cancellationToken);

    /// <summary>This site's own snapshot of the tool and period with a compatible tool version, or null (then it accepts).</summary>
    Task<SnapshotPointer?> ComparableAsync(string tool, string period, string toolVersion, CancellationToken cancellationToken);
}

/// <summary>A kept snapshot's pointer; <paramref name="Created"/> is false when the library held it already.</summary>
public sealed record KeptSnapshot(SnapshotPointer Pointer, bool Created, int Records);

/// <summary>Gets a peer's snapshot into this site's store, checked: registered locations only, size limit, deadline, content id, tool, site.</summary>
public interface ISnapshotFetcher
{
    Task<FetchOutcome> FetchAsync(FetchRequest request, CancellationToken cancellationToken);
}

/// <summary>Where verified ground truth goes: staged in the store, then published once (git ground-truth branch + tag, etcd).</summary>
public interface IGroundTruthSink
{
    /// <summary>
    /// Stores the ground truth that <paramref name="write"/> streams in canonical form (same bytes on a re-run: the content
    /// id is computed on the way) and returns its pointer. Nothing is stored when <paramref name="write"/> throws.
    /// </summary>
    Task<SnapshotPointer> StageAsync(string tool, string round, Func<Stream, CancellationToken, Task<CanonicalisedSnapshot>> write, CancellationToken cancellationToken);

    /// <summary>
    /// Commits the ground truth to the dataset's ground-truth branch with the tag verified/&lt;round&gt;, pushes it, and
    /// publishes <paramref name="draft"/> signed to /mao/verified/&lt;site&gt;/ create-only: only the round that won the
    /// period's claim publishes, and its first result stands.
    /// </summary>
    Task<PublishOutcome> PublishAsync(VerifiedResult draft, CancellationToken cancellationToken);
}

/// <summary>Ground truth held in memory (tests, small inputs), staged through the streaming <see cref="IGroundTruthSink.StageAsync"/>.</summary>
public static class GroundTruthSinkExtensions
{
    public static Task<SnapshotPointer> StageAsync(this IGroundTruthSink sink, string tool, string round, Snapshot groundTruth, CancellationToken cancellationToken) =>
        sink.StageAsync(tool, round, async (output, ct) =>
        {
            using var writer = new CanonicalSnapshotWriter(output, groundTruth.Header, $"ground truth of {tool} round {round}");
            foreach (var record in groundTruth.Records)
            {
                await writer.WriteAsync(record, ct);
            }
            return await writer.CompleteAsync(ct);
        }, cancellationToken);
}
