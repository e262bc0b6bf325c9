using Mao.Core.Model;
using Mao.Federation.Identity;

namespace Mao.Federation.Registry.Documents;

/// <summary>
/// The federation's ground truth for a tool and period, published once by compare-and-swap:
/// <c>/mao/verified/&lt;tool&gt;/&lt;period&gt;</c>, signed by the publishing site.
/// </summary>
public sealed record VerifiedResult(
    string Tool,
    string Period,
    string Round,
    string Site,
    long Revision,
    SnapshotPointer Snapshot,
    IReadOnlyList<string> Support,
    IReadOnlyList<string> Dissent,
    DateTimeOffset PublishedAt) : ISignedMessage, IRegistryDocument
{
    public static string CurrentFormat => "mao.verified/1";

    public string Format { get; init; } = CurrentFormat;

    public void Validate(string where)
    {
        Identifier.Validate(Tool, "tool name", where);
        Identifier.Validate(Period, "period", where);
        Identifier.Validate(Round, "round id", where);
        Identifier.Validate(Site, "site name", where);
        Check.Positive(Revision, "revision", where);
        Snapshot.Validate(where);
        foreach (var site in Support.Concat(Dissent))
        {
            Identifier.Validate(site, "supporting or dissenting site", where);
        }
    }
}
