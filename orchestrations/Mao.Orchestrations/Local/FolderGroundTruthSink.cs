using Mao.Core.Model;
using Mao.Core.Serialization;
using Mao.Orchestrations.Ports;
using Mao.Orchestrations.Rounds;

namespace Mao.Orchestrations.Local;

/// <summary>
/// Publishes ground truth into published/ with create-only writes: one publication document per (tool, round)
/// naming the ground-truth snapshot, which is stored by content id beside it.
/// </summary>
public sealed class FolderGroundTruthSink(SiteDataFolder folder, ActivityJournal journal) : IGroundTruthSink
{
    /// <summary>The publication document: what other sites (and the etcd adapter later) read.</summary>
    public sealed record Publication(
        string Tool,
        string RoundId,
        string Announcer,
        string ContentId,
        IReadOnlyList<string> Support,
        IReadOnlyList<string> Accepted,
        IReadOnlyList<string> TimedOut);

    public async Task<SnapshotPointer> StageAsync(string tool, string roundId, Snapshot groundTruth, CancellationToken cancellationToken)
    {
        var path = folder.StagedGroundTruth(tool, roundId);
        // Verification is deterministic, so a re-run stages the same bytes and the create-only write accepts them.
        await CreateOnlyFile.WriteAsync(path, SnapshotJsonLines.ToBytes(groundTruth), cancellationToken);
        return new SnapshotPointer(groundTruth.ContentId, path);
    }

    public async Task<PublishOutcome> PublishAsync(PublishRequest request, CancellationToken cancellationToken)
    {
        var staged = LocalLocation.ToPath(request.GroundTruth.Location, "publish");
        var bytes = await File.ReadAllBytesAsync(staged, cancellationToken);
        if (ContentId.Of(bytes) != request.GroundTruth.ContentId)
        {
            throw new Core.MaoFormatException(request.GroundTruth.Location, $"staged ground truth does not hash to {request.GroundTruth.ContentId}");
        }
        var snapshotPath = folder.PublishedSnapshot(request.Tool, request.GroundTruth.ContentId);
        await CreateOnlyFile.WriteAsync(snapshotPath, bytes, cancellationToken);

        var publication = new Publication(request.Tool, request.RoundId, request.Announcer, request.GroundTruth.ContentId,
            request.Support, request.Accepted, request.TimedOut);
        var document = System.Text.Encoding.UTF8.GetBytes(MaoJson.Write(publication) + "\n");
        var outcome = await CreateOnlyFile.WriteAsync(folder.Publication(request.Tool, request.RoundId), document, cancellationToken);
        await journal.AppendAsync("publish", request.Tool, request.RoundId, request.Announcer, outcome.ToString(), cancellationToken);
        return new PublishOutcome(new SnapshotPointer(request.GroundTruth.ContentId, snapshotPath), outcome == CreateOnlyFile.Outcome.Created);
    }
}
