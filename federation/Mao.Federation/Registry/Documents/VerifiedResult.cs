using Mao.Core.Model;
using Mao.Federation.Identity;

namespace Mao.Federation.Registry.Documents;

/// <summary>
/// The federation's ground truth for a tool and period, published once (create-only) by the round that won its claim:
/// <c>/mao/verified/&lt;site&gt;/&lt;tool&gt;/&lt;period&gt;</c>, signed by the publishing (announcing) site. Every site applies it to its
/// own view unless it holds a newer measurement.
/// </summary>
/// <param name="Snapshot">The ground-truth snapshot (site "ground-truth"; per record: value, mean, min, max, median, support, dissent).</param>
/// <param name="Support">Sites whose snapshots agree with the ground truth, sorted.</param>
/// <param name="Dissent">Sites whose snapshots mostly disagree, sorted.</param>
/// <param name="Accepted">Peers that held no comparable snapshot and accepted, sorted.</param>
/// <param name="TimedOut">Expected peers that did not answer by the deadline, sorted.</param>
/// <param name="Rejected">Answers and snapshots refused, as "site: reason", sorted.</param>
public sealed record VerifiedResult(
    string Tool,
    string Period,
    string Round,
    string Site,
    long Revision,
    SnapshotPointer Snapshot,
    IReadOnlyList<string> Support,
    IReadOnlyList<string> Dissent,
    IReadOnlyList<string> Accepted,
    IReadOnlyList<string> TimedOut,
    IReadOnlyList<string> Rejected,
    DateTimeOffset PublishedAt) : ISignedMessage, IRegistryDocument
{
    public static string CurrentFormat => "mao.verified/1";

    public string Format { get; init; } = CurrentFormat;

    /// <summary>
    /// The round's shard plan when the tool is sharded: the ground truth is then the union of the sites' shards, each
    /// record supported by the owners that measured it. Null: every site measured everything.
    /// </summary>
    public Core.Sharding.ShardPlan? Shards { get; init; }

    public void Validate(string where)
    {
        Identifier.Validate(Tool, "tool name", where);
        Core.Model.Period.Validate(Period, where);
        Identifier.Validate(Round, "round id", where);
        Identifier.Validate(Site, "site name", where);
        Check.Positive(Revision, "revision", where);
        Snapshot.Validate($"{where}: snapshot");
        Shards?.Validate($"{where}: shards");
        foreach (var site in Support.Concat(Dissent).Concat(Accepted).Concat(TimedOut))
        {
            Identifier.Validate(site, "site named in the result", where);
        }
        if (Rejected.Count > 256 || Rejected.Any(r => r is null || r.Length > 512))
        {
            throw new Core.MaoFormatException(where, "more than 256 rejections, or one null or longer than 512 characters");
        }
    }
}
