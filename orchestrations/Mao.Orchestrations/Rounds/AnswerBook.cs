using Mao.Core.Serialization;
using Mao.Federation.Registry.Documents;
using Mao.Federation.Rounds;

namespace Mao.Orchestrations.Rounds;

/// <summary>
/// The answers of one round, rebuilt by replay from the orchestration's history, so what it remembers survives a
/// restart of the host. Only expected peers' answers count, each peer once: the first answer stands. A later answer
/// of the same peer with an older revision is a replay and is named; an identical one is a harmless repeat.
/// Rejections are kept (bounded) to be named in the result; they never count toward completion.
/// Pure, so the orchestrator stays deterministic on replay.
/// </summary>
public sealed class AnswerBook(IEnumerable<string> expectedPeers)
{
    public const int MaxRejections = 64;

    private readonly SortedSet<string> _waiting = new(expectedPeers, StringComparer.Ordinal);
    private readonly SortedDictionary<string, RoundAnswer> _answers = new(StringComparer.Ordinal);
    private readonly List<string> _rejected = [];

    public bool Complete => _waiting.Count == 0;

    public IReadOnlyList<string> Waiting => [.. _waiting];

    public IReadOnlyList<string> Answered => [.. _answers.Keys];

    /// <summary>Answers sorted by site.</summary>
    public IReadOnlyList<RoundAnswer> Answers => [.. _answers.Values];

    /// <summary>Refused answers and snapshots as "source: reason", in arrival order, at most <see cref="MaxRejections"/>.</summary>
    public IReadOnlyList<string> Rejected => _rejected;

    /// <summary>Records a verified answer; returns what happened to it, for the log.</summary>
    public string Record(RoundAnswer answer, string tool, string round)
    {
        if (answer.Tool != tool || answer.Round != round)
        {
            return Reject(answer.Site, $"answer belongs to {answer.Tool}/{answer.Round}, not this round");
        }
        if (_answers.TryGetValue(answer.Site, out var earlier))
        {
            // Compared as JSON: record equality would compare the pointer's location lists by reference.
            if (MaoJson.Write(answer) == MaoJson.Write(earlier))
            {
                return "repeated";
            }
            return answer.Revision < earlier.Revision
                ? Reject(answer.Site, $"replayed answer: revision {answer.Revision} is older than revision {earlier.Revision} already recorded")
                : Reject(answer.Site, $"second answer (revision {answer.Revision}) after revision {earlier.Revision}: the first answer stands");
        }
        if (!_waiting.Remove(answer.Site))
        {
            return Reject(answer.Site, "not an expected peer of this round");
        }
        _answers[answer.Site] = answer;
        return "recorded";
    }

    public string Reject(string source, string reason)
    {
        if (_rejected.Count < MaxRejections)
        {
            _rejected.Add($"{source}: {reason}");
        }
        return "rejected";
    }

    public void Record(AnswerRejection rejection) => Reject(rejection.Source, rejection.Reason);
}
