using Mao.Core.Model;
using Mao.Federation.Identity;

namespace Mao.Federation.Registry.Documents;

/// <summary>
/// A site announces its measurement of a tool for a period and asks peers to answer by <see cref="AnswerBy"/>:
/// <c>/mao/rounds/&lt;tool&gt;/&lt;round&gt;</c>, signed by the announcing site.
/// </summary>
public sealed record RoundAnnouncement(
    string Tool,
    string Round,
    string Period,
    string Site,
    long Revision,
    string ToolVersion,
    DateTimeOffset ObservedAt,
    SnapshotPointer Snapshot,
    DateTimeOffset AnswerBy) : ISignedMessage, IRegistryDocument
{
    public static string CurrentFormat => "mao.announcement/1";

    public string Format { get; init; } = CurrentFormat;

    public void Validate(string where)
    {
        Identifier.Validate(Tool, "tool name", where);
        Identifier.Validate(Round, "round id", where);
        Identifier.Validate(Period, "period", where);
        Identifier.Validate(Site, "site name", where);
        Check.Positive(Revision, "revision", where);
        Check.NotBlank(ToolVersion, "toolVersion", where);
        Snapshot.Validate(where);
    }
}
