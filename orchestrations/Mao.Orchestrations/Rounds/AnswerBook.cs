namespace Mao.Orchestrations.Rounds;

/// <summary>
/// The answers of one round: only expected peers count, each once (the first answer wins, later ones are ignored,
/// so a peer's retry cannot change the outcome). Pure, so the orchestrator stays deterministic on replay.
/// </summary>
public sealed class AnswerBook(IEnumerable<string> expectedPeers)
{
    private readonly SortedSet<string> _waiting = new(expectedPeers, StringComparer.Ordinal);
    private readonly SortedDictionary<string, RoundAnswer> _answers = new(StringComparer.Ordinal);

    public bool Complete => _waiting.Count == 0;

    public IReadOnlyList<string> Waiting => [.. _waiting];

    public IReadOnlyList<string> Answered => [.. _answers.Keys];

    /// <summary>Answers sorted by site.</summary>
    public IReadOnlyList<RoundAnswer> Answers => [.. _answers.Values];

    /// <summary>Records the answer; false when it is not from a peer still awaited or is malformed.</summary>
    public bool Record(RoundAnswer? answer)
    {
        if (answer?.Site is null || !_waiting.Contains(answer.Site) || answer.Accept == (answer.Snapshot is not null))
        {
            return false;
        }
        _waiting.Remove(answer.Site);
        _answers[answer.Site] = answer;
        return true;
    }
}
