namespace Mao.Core.Verification;

/// <summary>
/// Mode seeking for numeric votes without a tight majority. Sites that measure the same thing honestly usually agree
/// exactly, while faulty sites rarely agree with each other; so when the median/MAD band is wider than the tolerance
/// (no tight majority to trust), the heaviest tolerance cluster anchored on an exact agreement of at least
/// <see cref="VotePolicy.EffectiveExactAgreement"/> sites wins, provided it is strictly heavier than every other
/// tolerance cluster. Two identical liars therefore cannot beat honest sites that agree within tolerance, and an equal
/// competing cluster is a tie (contested), never a silent choice. All loops are O(n²) over at most 64 voters, no allocation.
/// </summary>
internal static class ExactAnchor
{
    public enum Outcome
    {
        /// <summary>A looser cluster with a strict majority outweighs the exact agreement: the robust median decides.</summary>
        None,

        /// <summary>No value is reported exactly by enough sites to anchor on: nothing tells honest sites from faulty ones.</summary>
        NoAgreement,

        /// <summary>
        /// A looser cluster without a strict majority outweighs the exact agreement: the robust median decides, flagged weak
        /// (no tight majority, and an exact agreement against the result). A competitor with a strict majority is not flagged.
        /// </summary>
        Outvoted,

        /// <summary>The anchor wins: keep the values within tolerance of it.</summary>
        Anchored,

        /// <summary>The anchor's cluster and a competing one weigh the same: the anchor is shown (exact agreement breaks the tie), flagged as a tie.</summary>
        Tie,
    }

    /// <param name="voters">Values of the sites with weight &gt; 0.</param>
    /// <param name="weights">Their weights; empty means every voter weighs 1.</param>
    /// <param name="anchor">The anchoring value when the outcome is <see cref="Outcome.Anchored"/>.</param>
    public static Outcome Seek(ReadOnlySpan<double> voters, ReadOnlySpan<double> weights, VotePolicy policy, out double anchor)
    {
        anchor = 0;
        var minimum = policy.EffectiveExactAgreement;
        var found = false;
        double bestBand = 0, bestExact = 0;
        for (var i = 0; i < voters.Length; i++)
        {
            var v = voters[i];
            if (SeenBefore(voters, i))
            {
                continue;
            }
            var exactCount = 0;
            double exact = 0, band = 0;
            var tolerance = Tolerance(policy, v);
            for (var j = 0; j < voters.Length; j++)
            {
                var w = Weight(weights, j);
                if (voters[j] == v)
                {
                    exactCount++;
                    exact += w;
                }
                if (Math.Abs(voters[j] - v) <= tolerance) band += w;
            }
            if (exactCount < minimum)
            {
                continue;
            }
            // Heaviest cluster first, then the heavier exact core, then the smaller value: independent of site order.
            if (!found || Greater(band, bestBand) || (Same(band, bestBand) && (Greater(exact, bestExact) || (Same(exact, bestExact) && v < anchor))))
            {
                found = true;
                anchor = v;
                bestBand = band;
                bestExact = exact;
            }
        }
        if (!found)
        {
            return Outcome.NoAgreement;
        }
        var competitor = HeaviestOutside(voters, weights, anchor, policy);
        double total = 0;
        for (var j = 0; j < voters.Length; j++) total += Weight(weights, j);
        return Greater(bestBand, competitor) ? Outcome.Anchored
            : Same(bestBand, competitor) ? Outcome.Tie
            : competitor > policy.MinimumAgreement * total ? Outcome.None
            : Outcome.Outvoted;
    }

    /// <summary>
    /// The heaviest window [v, v + tolerance] starting at a voter outside the anchor's band, counting only such voters. Its
    /// width is one tolerance, not two: scattered values must agree as closely as honest measurements do to compete.
    /// </summary>
    private static double HeaviestOutside(ReadOnlySpan<double> voters, ReadOnlySpan<double> weights, double anchor, VotePolicy policy)
    {
        var anchorTolerance = Tolerance(policy, anchor);
        double heaviest = 0;
        for (var i = 0; i < voters.Length; i++)
        {
            if (Math.Abs(voters[i] - anchor) <= anchorTolerance)
            {
                continue;
            }
            var tolerance = Tolerance(policy, voters[i]);
            double window = 0;
            for (var j = 0; j < voters.Length; j++)
            {
                if (Math.Abs(voters[j] - anchor) > anchorTolerance && voters[j] >= voters[i] && voters[j] - voters[i] <= tolerance)
                {
                    window += Weight(weights, j);
                }
            }
            heaviest = Math.Max(heaviest, window);
        }
        return heaviest;
    }

    public static double Tolerance(VotePolicy policy, double center) =>
        Math.Max(policy.RelativeTolerance * Math.Abs(center), policy.AbsoluteTolerance);

    private static bool SeenBefore(ReadOnlySpan<double> values, int index)
    {
        for (var j = 0; j < index; j++)
        {
            if (values[j] == values[index]) return true;
        }
        return false;
    }

    private static double Weight(ReadOnlySpan<double> weights, int i) => weights.IsEmpty ? 1 : weights[i];

    private static bool Same(double a, double b) => Math.Abs(a - b) <= 1e-12 * Math.Max(1, Math.Max(Math.Abs(a), Math.Abs(b)));

    private static bool Greater(double a, double b) => a > b && !Same(a, b);
}
