using Mao.Core;
using Mao.Core.Model;
using Mao.Core.Sharding;
using Mao.Federation.Identity;

namespace Mao.Federation.Registry.Documents;

/// <summary>
/// A site announces its measurement of a tool for a period and asks <see cref="ExpectedPeers"/> to answer by
/// <see cref="AnswerBy"/>: <c>/mao/rounds/&lt;site&gt;/&lt;tool&gt;/&lt;round&gt;</c>, signed by the announcing site. It is also the input
/// of the announcer's round orchestration, so the round runs on exactly what was announced.
/// </summary>
public sealed record RoundAnnouncement(
    string Tool,
    string Round,
    string Period,
    string Site,
    long Revision,
    SnapshotPointer Snapshot,
    IReadOnlyList<string> ExpectedPeers,
    DateTimeOffset AnswerBy) : ISignedMessage, IRegistryDocument
{
    public const int MaxPeers = 256;

    public static string CurrentFormat => "mao.announcement/1";

    public string Format { get; init; } = CurrentFormat;

    /// <summary>
    /// A sharded tool's plan (who was to measure which unit): peers in it answer with their own shard rather than accept,
    /// and the quorum counts each record's owners. Null: every site measured everything.
    /// </summary>
    public ShardPlan? Shards { get; init; }

    public void Validate(string where)
    {
        Identifier.Validate(Tool, "tool name", where);
        Identifier.Validate(Round, "round id", where);
        Core.Model.Period.Validate(Period, where);
        Identifier.Validate(Site, "site name", where);
        Check.Positive(Revision, "revision", where);
        if (Snapshot is null)
        {
            throw new MaoFormatException(where, "announcement has no snapshot pointer");
        }
        Snapshot.Validate($"{where}: snapshot");
        if (Snapshot.Tool != Tool || Snapshot.Site != Site || Snapshot.Period != Period)
        {
            throw new MaoFormatException(where,
                $"the announced snapshot is {Snapshot.Tool}/{Snapshot.Site}/{Snapshot.Period}, not {Tool}/{Site}/{Period}");
        }
        if (ExpectedPeers is null)
        {
            throw new MaoFormatException(where, "announcement has no expectedPeers list (use [] for none)");
        }
        if (ExpectedPeers.Count > MaxPeers)
        {
            throw new MaoFormatException(where, $"{ExpectedPeers.Count} expected peers, at most {MaxPeers}");
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var peer in ExpectedPeers)
        {
            Identifier.Validate(peer, "expected peer", where);
            if (peer == Site)
            {
                throw new MaoFormatException(where, $"the announcer '{peer}' cannot be its own peer");
            }
            if (!seen.Add(peer))
            {
                throw new MaoFormatException(where, $"expected peer '{peer}' is listed twice");
            }
        }
        if (Shards is not null)
        {
            Shards.Validate($"{where}: shards");
            if (!Shards.Sites.Contains(Site, StringComparer.Ordinal))
            {
                throw new MaoFormatException(where, $"the announcer '{Site}' is not among the shard plan's sites");
            }
        }
    }
}
