using Mao.Federation.Registry.Documents;

namespace Mao.Orchestrations.Rounds;

/// <summary>What a round decided: the verified result that stands for its tool and period, and who took part.</summary>
/// <param name="Verified">The standing verified result (this round's, or an earlier one of the same period that won).</param>
/// <param name="Answered">Peers whose answers were recorded before the deadline, sorted.</param>
/// <param name="Published">True when this round's run created the publication; false when one was already there.</param>
public sealed record RoundResult(VerifiedResult Verified, IReadOnlyList<string> Answered, bool Published)
{
    public string Tool => Verified.Tool;

    public string Round => Verified.Round;
}
