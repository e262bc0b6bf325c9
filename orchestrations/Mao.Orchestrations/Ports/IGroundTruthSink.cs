using Mao.Core.Model;
using Mao.Orchestrations.Rounds;

namespace Mao.Orchestrations.Ports;

/// <summary>Where verified ground truth goes: staged per round, then published exactly once per (tool, round).</summary>
public interface IGroundTruthSink
{
    /// <summary>Stores the computed ground truth where publish can find it; writing the same content twice is fine.</summary>
    Task<SnapshotPointer> StageAsync(string tool, string roundId, Snapshot groundTruth, CancellationToken cancellationToken);

    /// <summary>
    /// Publishes with a create-only write. A re-run finds the same publication and reports Created = false;
    /// a different ground truth for an already published round is an error, never an overwrite.
    /// </summary>
    Task<PublishOutcome> PublishAsync(PublishRequest request, CancellationToken cancellationToken);
}
