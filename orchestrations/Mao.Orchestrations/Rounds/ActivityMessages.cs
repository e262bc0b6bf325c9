namespace Mao.Orchestrations.Rounds;

/// <summary>One site's snapshot taking part in verification.</summary>
public sealed record SiteSnapshot(string Site, SnapshotPointer Snapshot);

/// <summary>Fetch one answering peer's snapshot into this site's round folder (idempotent per round and site).</summary>
public sealed record FetchRequest(string Tool, string RoundId, string Site, SnapshotPointer Snapshot);

/// <summary>Verify the candidates (sorted by site) and stage the ground truth.</summary>
public sealed record VerifyRequest(string Tool, string RoundId, string Announcer, IReadOnlyList<SiteSnapshot> Candidates);

/// <summary>The staged ground truth and which sites support it or were left out (with why).</summary>
public sealed record VerifyOutcome(SnapshotPointer GroundTruth, IReadOnlyList<string> Support, IReadOnlyList<string> Excluded);

/// <summary>Publish a verified ground truth exactly once per (tool, round).</summary>
public sealed record PublishRequest(
    string Tool,
    string RoundId,
    string Announcer,
    SnapshotPointer GroundTruth,
    IReadOnlyList<string> Support,
    IReadOnlyList<string> Accepted,
    IReadOnlyList<string> TimedOut);

/// <summary>Where the publication is, and whether this call created it.</summary>
public sealed record PublishOutcome(SnapshotPointer GroundTruth, bool Created);
