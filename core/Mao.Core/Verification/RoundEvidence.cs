namespace Mao.Core.Verification;

/// <summary>
/// Whether a round's numeric votes show agreement beyond chance, judged over its first records before any is decided.
/// Honest sites agree on most records of a round (exactly, or a majority within one tolerance), while noisy values
/// agree only by chance, on a few records in a thousand. A round where fewer than <see cref="ChanceShare"/> of the
/// numeric votes show any agreement has no honest majority to find: there its scattered values are all kept (but gross
/// outliers), as a plain mean keeps them, instead of trusting a chance exact pair or a chance majority within tolerance.
/// Only <see cref="ExclusionKind.RobustMad"/> with exact agreement on uses it (see docs/trust.md).
/// </summary>
internal static class RoundEvidence
{
    /// <summary>Share of numeric votes that must show agreement for the round to count as having honest sites.</summary>
    public const double ChanceShare = 0.05;

    /// <summary>Observations the look-ahead may hold: bounds its memory whatever the sites and fields.</summary>
    private const int Observations = 1 << 18;

    /// <summary>Records judged before deciding: up to 4,096, fewer with many sites and fields, at least 64.</summary>
    public static int WindowRecords(int sites, int fields) => Math.Clamp(Observations / Math.Max(1, sites * fields), 64, 4096);

    public static bool Applies(VotePolicy policy) => policy.Exclusion == ExclusionKind.RobustMad && policy.EffectiveExactAgreement > 0;

    /// <param name="votes">Numeric votes of two or more voters in the window.</param>
    /// <param name="agreeing">Of those, the ones that showed agreement (all within tolerance, a tight band, an exact anchor, a majority within tolerance).</param>
    public static bool ShowsAgreement(long votes, long agreeing) => votes == 0 || agreeing > ChanceShare * votes;
}
