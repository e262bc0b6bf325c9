using Mao.Core;
using Mao.Core.Model;

namespace Mao.Orchestrations.Rounds;

/// <summary>
/// A peer's answer to a round, raised as the external event <see cref="EventName"/>: either it accepts
/// the announced measurement (it did not run the tool), or it points to its own comparable snapshot.
/// </summary>
public sealed record RoundAnswer(string Site, bool Accept, SnapshotPointer? Snapshot = null)
{
    public const string EventName = "answer";

    public void Validate(string where)
    {
        Identifier.Validate(Site, "answering site", where);
        if (Accept && Snapshot is not null)
        {
            throw new MaoFormatException(where, $"answer of '{Site}' both accepts and points to a snapshot: choose one");
        }
        if (!Accept && Snapshot is null)
        {
            throw new MaoFormatException(where, $"answer of '{Site}' neither accepts nor points to a snapshot");
        }
        Snapshot?.Validate($"{where}: snapshot of '{Site}'");
    }
}
