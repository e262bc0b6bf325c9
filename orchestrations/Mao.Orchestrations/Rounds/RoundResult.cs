namespace Mao.Orchestrations.Rounds;

/// <summary>What a round decided: the published ground truth and who took part.</summary>
/// <param name="GroundTruth">Where the published ground-truth snapshot is.</param>
/// <param name="Support">Sites (announcer included) whose snapshots agree with the ground truth, sorted.</param>
/// <param name="Accepted">Peers that accepted the announced measurement without a snapshot of their own, sorted.</param>
/// <param name="Answered">Peers that answered before the deadline, sorted.</param>
/// <param name="TimedOut">Expected peers that did not answer in time, sorted.</param>
/// <param name="Excluded">Snapshots left out of verification (not comparable), with the reason, sorted by site.</param>
/// <param name="Published">True when this run created the publication; false when it was already there (a re-run).</param>
public sealed record RoundResult(
    string Tool,
    string RoundId,
    SnapshotPointer GroundTruth,
    IReadOnlyList<string> Support,
    IReadOnlyList<string> Accepted,
    IReadOnlyList<string> Answered,
    IReadOnlyList<string> TimedOut,
    IReadOnlyList<string> Excluded,
    bool Published);
