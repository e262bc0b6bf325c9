using Mao.Core;
using Mao.Core.Model;

namespace Mao.Orchestrations.Rounds;

/// <summary>
/// The input of one consensus round: small, so it fits the orchestration history.
/// The round id is also the orchestration's instance id, which makes starting a round idempotent.
/// </summary>
/// <param name="Tool">Tool whose snapshots are compared.</param>
/// <param name="RoundId">Round id (an <see cref="Identifier"/>), unique per tool run.</param>
/// <param name="Announcer">The site announcing the round (this site).</param>
/// <param name="LocalSnapshot">The announcer's own snapshot.</param>
/// <param name="ExpectedPeers">Sites asked to answer; the round waits for them until <paramref name="AnswersDue"/>.</param>
/// <param name="AnswersDue">UTC deadline after which missing peers count as timed out.</param>
public sealed record RoundRequest(
    string Tool,
    string RoundId,
    string Announcer,
    SnapshotPointer LocalSnapshot,
    IReadOnlyList<string> ExpectedPeers,
    DateTime AnswersDue)
{
    public const int MaxPeers = 256;

    /// <summary>Throws a <see cref="MaoFormatException"/> naming the first problem.</summary>
    public void Validate(string where)
    {
        Identifier.Validate(Tool, "tool", where);
        Identifier.Validate(RoundId, "round id", where);
        Identifier.Validate(Announcer, "announcer site", where);
        if (LocalSnapshot is null)
        {
            throw new MaoFormatException(where, "round has no local snapshot pointer");
        }
        LocalSnapshot.Validate($"{where}: localSnapshot");
        if (ExpectedPeers is null)
        {
            throw new MaoFormatException(where, "round has no expectedPeers list (use [] for none)");
        }
        if (ExpectedPeers.Count > MaxPeers)
        {
            throw new MaoFormatException(where, $"{ExpectedPeers.Count} expected peers, at most {MaxPeers}");
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var peer in ExpectedPeers)
        {
            Identifier.Validate(peer, "expected peer", where);
            if (peer == Announcer)
            {
                throw new MaoFormatException(where, $"the announcer '{peer}' cannot be its own peer");
            }
            if (!seen.Add(peer))
            {
                throw new MaoFormatException(where, $"expected peer '{peer}' is listed twice");
            }
        }
        if (AnswersDue.Kind != DateTimeKind.Utc)
        {
            throw new MaoFormatException(where, "answersDue must be a UTC time (end it with 'Z')");
        }
    }
}
