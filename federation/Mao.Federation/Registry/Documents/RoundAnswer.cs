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

    /// <summary>The peer did not run the tool and accepts the announced measurement.</summary>
    Accept,
}

/// <summary>A peer's signed answer to a round: <c>/mao/answers/&lt;tool&gt;/&lt;round&gt;/&lt;site&gt;</c>.</summary>
public sealed record RoundAnswer(
    string Tool,
    string Round,
    string Site,
    long Revision,
    AnswerKind Kind,
    SnapshotPointer? Snapshot = null,
    DateTimeOffset? ObservedAt = null) : ISignedMessage, IRegistryDocument
{
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
                Snapshot.Validate(where);
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
