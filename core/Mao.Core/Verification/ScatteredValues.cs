namespace Mao.Core.Verification;

/// <summary>
/// Numeric votes without a tight majority where no value is reported exactly by two sites (see <see cref="ExactAnchor"/>).
/// With a coherent majority (more than half the weight within one tolerance) the robust median/MAD band still decides.
/// Without one the values are scattered and nothing says which sites are honest: the mean of all is then the best
/// estimate (every site noisy), so only gross outliers are set aside, a value further than <see cref="GrossOutlier"/>
/// standard deviations from the mean of the other values (a unit error, a value a thousand times too large).
/// </summary>
internal static class ScatteredValues
{
    /// <summary>Standard deviations of the other values beyond which a scattered value is a gross outlier.</summary>
    public const double GrossOutlier = 10;

    /// <summary>
    /// Whether more than <see cref="VotePolicy.MinimumAgreement"/> of the voters' weight lies in one window of one tolerance
    /// (the spread honest measurements may have): starting at each voter, the same window the exact anchor's competitors use.
    /// </summary>
    public static bool HaveCoherentMajority(ReadOnlySpan<double> voters, ReadOnlySpan<double> weights, VotePolicy policy)
    {
        double total = 0, heaviest = 0;
        for (var i = 0; i < voters.Length; i++)
        {
            total += Weight(weights, i);
            var tolerance = ExactAnchor.Tolerance(policy, voters[i]);
            double window = 0;
            for (var j = 0; j < voters.Length; j++)
            {
                if (voters[j] >= voters[i] && voters[j] - voters[i] <= tolerance) window += Weight(weights, j);
            }
            heaviest = Math.Max(heaviest, window);
        }
        return heaviest > policy.MinimumAgreement * total;
    }

    /// <summary>Keeps each value unless it is a gross outlier against the other voters (leave one out, unweighted).</summary>
    /// <param name="noAgreementInRound">
    /// The round shows no agreement beyond chance (<see cref="RoundEvidence"/>): other values close together are chance
    /// too, so their standard deviation alone does not make a value gross; it must also be off by more than their mean
    /// (a unit error). With every site noisy the deviation alone set aside values the plain mean got right.
    /// </param>
    public static void KeepAllButGrossOutliers(ReadOnlySpan<double> values, ReadOnlySpan<double> voters, Span<bool> kept, bool noAgreementInRound = false)
    {
        // Sums of differences from the first voter: less rounding with large values close together.
        var shift = voters[0];
        double sum = 0, squares = 0;
        foreach (var v in voters)
        {
            sum += v - shift;
            squares += (v - shift) * (v - shift);
        }
        for (var i = 0; i < values.Length; i++)
        {
            double n = voters.Length, s = sum, q = squares;
            // The value itself is left out once when it is a voter.
            if (voters.Contains(values[i]))
            {
                var d = values[i] - shift;
                n--;
                s -= d;
                q -= d * d;
            }
            if (n < 2)
            {
                kept[i] = true;
                continue;
            }
            var mean = s / n;
            var sd = Math.Sqrt(Math.Max(0, (q - n * mean * mean) / (n - 1)));
            var distance = Math.Abs(values[i] - shift - mean);
            kept[i] = distance <= GrossOutlier * sd || (noAgreementInRound && distance <= Math.Abs(shift + mean));
        }
    }

    private static double Weight(ReadOnlySpan<double> weights, int i) => weights.IsEmpty ? 1 : weights[i];
}
