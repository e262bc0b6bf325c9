using Mao.Federation.Registry.Documents;

namespace Mao.Federation.Rounds;

/// <summary>The durable instance id of a round: round ids are unique per tool only, so the tool is part of it.</summary>
public static class RoundInstance
{
    public static string Id(string tool, string round) => $"{tool}:{round}";
}

/// <summary>Fetch one answering peer's snapshot into this site's store (idempotent per round and site).</summary>
/// <param name="Site">The site that observed the snapshot (its header's site).</param>
/// <param name="HeldBy">The site whose registered store serves it, when that is not the observer: for ground truth, the publisher.</param>
public sealed record FetchRequest(string Tool, string Round, string Period, string Site, SnapshotPointer Snapshot, string? HeldBy = null)
{
    public string Holder => HeldBy ?? Site;
}

/// <summary>
/// What a fetch gave: the content id now held in this site's store, or why the peer's snapshot is unusable.
/// A bad peer is a result, not a failure: the round goes on without it and names it. <see cref="Unreachable"/>: the
/// peer could not be reached at all (refused connection, reset, 502/503/504), as when it restarts right after answering;
/// the round asks again a few times before it names the peer.
/// </summary>
public sealed record FetchOutcome(string Site, string? ContentId, string? Problem, bool Unreachable = false)
{
    public static FetchOutcome Fetched(string site, string contentId) => new(site, contentId, null);

    public static FetchOutcome Refused(string site, string problem, bool unreachable = false) => new(site, null, problem, unreachable);
}

/// <summary>One site's snapshot taking part in verification, already in this site's store.</summary>
public sealed record Candidate(string Site, string ContentId);

/// <summary>Verify the candidates (sorted by site) and stage the ground truth.</summary>
public sealed record VerifyRequest(string Tool, string Round, string Period, string Announcer, IReadOnlyList<Candidate> Candidates,
    Core.Sharding.ShardPlan? Shards = null);

/// <summary>The staged ground truth, the sites agreeing and disagreeing, and the snapshots left out ("site: reason").</summary>
public sealed record VerifyOutcome(SnapshotPointer GroundTruth, IReadOnlyList<string> Support, IReadOnlyList<string> Dissent, IReadOnlyList<string> Excluded);

/// <summary>The verified result that stands for the tool and period, and whether this call published it.</summary>
public sealed record PublishOutcome(VerifiedResult Standing, bool Created);

/// <summary>
/// An answer the announcing site refused (unsigned, forged, replayed, not from an expected peer): raised as the event
/// <see cref="EventName"/> so the round names it in its result. It never counts toward the round's completion.
/// </summary>
public sealed record AnswerRejection(string Source, string Reason)
{
    public const string EventName = "rejected-answer";
}
