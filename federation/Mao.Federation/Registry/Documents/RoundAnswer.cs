using System.Text.Json.Serialization;
using Mao.Core;
using Mao.Core.Model;
using Mao.Federation.Identity;

namespace Mao.Federation.Registry.Documents;

/// <summary>How a peer answers a round.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AnswerKind>))]
public enum AnswerKind
{
    /// <summary>The peer ran the tool too and points at its comparable snapshot.</summary>
    Snapshot,

    /// <summary>The peer holds no comparable snapshot and accepts the announced measurement (accepted-unverified).</summary>
    Accept,
}

/// <summary>
/// A peer's signed answer to a round: <c>/mao/answers/&lt;site&gt;/&lt;tool&gt;/&lt;round&gt;</c>. The announcer's watch turns each
/// verified answer into the round orchestration's external event <see cref="EventName"/>.
/// </summary>
public sealed record RoundAnswer(
    string Tool,
    string Round,
    string Site,
    long Revision,
    AnswerKind Kind,
    SnapshotPointer? Snapshot = null) : ISignedMessage, IRegistryDocument
{
    public const string EventName = "answer";

    public static string CurrentFormat => "mao.answer/1";

    public string Format { get; init; } = CurrentFormat;

    public void Validate(string where)
    {
        Identifier.Validate(Tool, "tool name", where);
        Identifier.Validate(Round, "round id", where);
        Identifier.Validate(Site, "site name", where);
        Check.Positive(Revision, "revision", where);
        switch (Kind)
        {
            case AnswerKind.Snapshot when Snapshot is null:
                throw new MaoFormatException(where, "a 'snapshot' answer needs a snapshot pointer");
            case AnswerKind.Snapshot:
                Snapshot.Validate($"{where}: snapshot");
                if (Snapshot.Tool != Tool || Snapshot.Site != Site)
                {
                    throw new MaoFormatException(where, $"answer of '{Site}' points to a snapshot of {Snapshot.Tool} observed by '{Snapshot.Site}'");
                }
                break;
            case AnswerKind.Accept when Snapshot is not null:
                throw new MaoFormatException(where, "an 'accept' answer carries no snapshot");
            case AnswerKind.Accept:
                break;
            default:
                throw new MaoFormatException(where, $"unknown answer kind {(int)Kind}");
        }
    }
}
