using Mao.Core.Model;

namespace Mao.Core.Verification;

/// <summary>
/// Ground truth of a performance metric: set aside outliers (by the policy's exclusion), collate the rest
/// (history-weighted mean or its nearest value), and describe the kept values. Sites with weight 0 are compared
/// but do not influence the median, the spread or the mean.
/// </summary>
internal sealed class NumericVote(int capacity)
{
    private readonly double[] _scratch = new double[capacity];
    private readonly double[] _voterValues = new double[capacity];
    private readonly double[] _voterWeights = new double[capacity];
    private readonly double[] _deviations = new double[capacity];
    private readonly bool[] _kept = new bool[capacity];

    /// <summary>Whether the round shows agreement beyond chance (<see cref="RoundEvidence"/>); false: scattered values are all kept.</summary>
    public bool RoundShowsAgreement { get; set; } = true;

    /// <summary>Votes of two or more voters so far, and those that showed agreement (not scattered): the round's evidence.</summary>
    public long Votes { get; private set; }

    public long AgreeingVotes { get; private set; }

    /// <param name="sites">Reporting sites, ascending.</param>
    /// <param name="values">Their values.</param>
    /// <param name="weights">Their weights.</param>
    public void Decide(ReadOnlySpan<int> sites, ReadOnlySpan<double> values, ReadOnlySpan<double> weights,
        VotePolicy policy, int requiredSites, ref FieldVerdict verdict)
    {
        var n = sites.Length;
        // Empty weights mean every site weighs 1 (no history): the voters are simply all values.
        var unweighted = weights.IsEmpty || !AnyPositive(weights);
        var voters = n;
        var voterValues = values;
        ReadOnlySpan<double> voterWeights = default;
        if (!unweighted)
        {
            voters = 0;
            for (var i = 0; i < n; i++)
            {
                if (weights[i] > 0)
                {
                    _voterWeights[voters] = weights[i];
                    _voterValues[voters++] = values[i];
                }
            }
            voterValues = _voterValues.AsSpan(0, voters);
            voterWeights = _voterWeights.AsSpan(0, voters);
        }
        var kept = _kept.AsSpan(0, n);
        var median = voters == 0 ? 0 : OrderStatistics.Median(voterValues);
        verdict.Flags |= Exclude(values, voterValues, voterWeights, median, policy, kept) switch
        {
            ExactAnchor.Outcome.Tie => VerdictFlags.Tie,
            ExactAnchor.Outcome.Outvoted => VerdictFlags.WeakSupport,
            _ => VerdictFlags.None,
        };

        // Sums of differences from a kept value: exact when all kept values are equal, and less rounding otherwise.
        var shift = FirstKept(values, kept);
        double keptWeight = 0, totalWeight = 0, weightedSum = 0;
        var support = SiteSet.Empty;
        var dissent = SiteSet.Empty;
        for (var i = 0; i < n; i++)
        {
            var w = unweighted ? 1 : weights[i];
            totalWeight += w;
            if (kept[i])
            {
                support = support.With(sites[i]);
                keptWeight += w;
                weightedSum += w * (values[i] - shift);
            }
            else
            {
                dissent = dissent.With(sites[i]);
            }
        }
        var stats = Describe(sites, values, kept, voters == n ? median : null);
        // Kept values whose sites all weigh 0 still have a plain mean.
        var mean = keptWeight > 0 ? shift + weightedSum / keptWeight : stats.Mean;
        verdict.Value = FieldValue.Of(policy.Collation == CollationKind.Mean ? mean : Nearest(values, kept, mean));
        verdict.Support = support;
        verdict.Dissent = dissent;
        verdict.Agreement = totalWeight > 0 ? keptWeight / totalWeight : 0;
        verdict.Stats = stats;
        if (verdict.Agreement <= policy.MinimumAgreement || support.Count < requiredSites)
        {
            verdict.Flags |= VerdictFlags.WeakSupport;
        }
    }

    private ExactAnchor.Outcome Exclude(ReadOnlySpan<double> values, ReadOnlySpan<double> voterValues, ReadOnlySpan<double> voterWeights,
        double median, VotePolicy policy, Span<bool> kept)
    {
        kept.Fill(true);
        if (voterValues.Length < 2)
        {
            return ExactAnchor.Outcome.None;
        }
        var threshold = policy.EffectiveExclusionThreshold;
        switch (policy.Exclusion)
        {
            case ExclusionKind.RobustMad:
            {
                // Everything agrees within the tolerance floor of the band: the MAD cannot exclude anything. Unless the values
                // span more than one tolerance (two groups either side of the median, up to two tolerances apart) and exact
                // agreement may tell which group is right.
                Votes++;
                if (AllWithin(values, median, Tolerance(policy, median))
                    && (policy.EffectiveExactAgreement == 0 || Spread(voterValues) <= Tolerance(policy, median)))
                {
                    AgreeingVotes++;
                    return ExactAnchor.Outcome.None;
                }
                // A round without agreement beyond chance: any agreement here is chance too, keep the scatter whole.
                if (!RoundShowsAgreement && policy.EffectiveExactAgreement > 0)
                {
                    ScatteredValues.KeepAllButGrossOutliers(values, voterValues, kept, noAgreementInRound: true);
                    return ExactAnchor.Outcome.NoAgreement;
                }
                var deviations = _deviations.AsSpan(0, voterValues.Length);
                for (var i = 0; i < deviations.Length; i++)
                {
                    deviations[i] = Math.Abs(voterValues[i] - median);
                }
                var mad = OrderStatistics.Median(deviations);
                // 1.4826 makes the MAD estimate a standard deviation for normally distributed values.
                var band = Math.Max(threshold * 1.4826 * mad, Tolerance(policy, median));
                // A band no wider than the tolerance means a tight majority around the median: trust it. Wider means the
                // median may sit among scattered faulty values; an exact agreement may then anchor the vote instead.
                if (band > Tolerance(policy, median) && policy.EffectiveExactAgreement > 0)
                {
                    var outcome = ExactAnchor.Seek(voterValues, voterWeights, policy, out var anchor);
                    if (outcome is ExactAnchor.Outcome.Anchored or ExactAnchor.Outcome.Tie)
                    {
                        AgreeingVotes++;
                        KeepWithin(values, anchor, Tolerance(policy, anchor), kept);
                        return outcome;
                    }
                    // Nobody agrees exactly and no majority agrees within tolerance: nothing tells honest sites from faulty
                    // ones, and cutting by the MAD band would only trim the scatter's tails (behind a plain mean when every
                    // site is noisy). Keep all but gross outliers.
                    if (outcome == ExactAnchor.Outcome.NoAgreement && !ScatteredValues.HaveCoherentMajority(voterValues, voterWeights, policy))
                    {
                        ScatteredValues.KeepAllButGrossOutliers(values, voterValues, kept);
                        return outcome;
                    }
                    AgreeingVotes++;
                    KeepWithin(values, median, band, kept);
                    return outcome;
                }
                AgreeingVotes++;
                KeepWithin(values, median, band, kept);
                break;
            }
            case ExclusionKind.OutsideSigma:
            {
                double sum = 0, squares = 0;
                foreach (var v in voterValues) sum += v;
                var mean = sum / voterValues.Length;
                foreach (var v in voterValues) squares += (v - mean) * (v - mean);
                var sigma = Math.Sqrt(squares / (voterValues.Length - 1));
                KeepWithin(values, mean, threshold * sigma + policy.AbsoluteTolerance, kept);
                break;
            }
            case ExclusionKind.Furthest:
                DropFurthest(values, median, (int)threshold, voterValues.Length, policy, kept);
                break;
        }
        return ExactAnchor.Outcome.None;
    }

    private static double Spread(ReadOnlySpan<double> values)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var v in values)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }
        return max - min;
    }

    private static bool AllWithin(ReadOnlySpan<double> values, double center, double band)
    {
        var worst = 0.0;
        foreach (var v in values)
        {
            worst = Math.Max(worst, Math.Abs(v - center));
        }
        return worst <= band;
    }

    private static double Tolerance(VotePolicy policy, double center) => ExactAnchor.Tolerance(policy, center);

    private static void KeepWithin(ReadOnlySpan<double> values, double center, double band, Span<bool> kept)
    {
        for (var i = 0; i < values.Length; i++)
        {
            kept[i] = Math.Abs(values[i] - center) <= band;
        }
    }

    /// <summary>Drops up to <paramref name="count"/> values furthest from the median, never a majority, never one within tolerance.</summary>
    private static void DropFurthest(ReadOnlySpan<double> values, double median, int count, int voters, VotePolicy policy, Span<bool> kept)
    {
        var droppable = Math.Min(count, voters - (voters / 2 + 1));
        var tolerance = Tolerance(policy, median);
        for (var d = 0; d < droppable; d++)
        {
            var worst = -1;
            var worstDistance = tolerance;
            for (var i = 0; i < values.Length; i++)
            {
                var distance = Math.Abs(values[i] - median);
                // Strictly greater: on equal distance the first site (by name) goes, deterministically.
                if (kept[i] && distance > worstDistance)
                {
                    worst = i;
                    worstDistance = distance;
                }
            }
            if (worst < 0)
            {
                return;
            }
            kept[worst] = false;
        }
    }

    /// <param name="medianOfAll">Median of all reported values, when every reporting site is a voter.</param>
    private NumericStats Describe(ReadOnlySpan<int> sites, ReadOnlySpan<double> values, ReadOnlySpan<bool> kept, double? medianOfAll)
    {
        var count = 0;
        double sum = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
        for (var i = 0; i < values.Length; i++)
        {
            if (!kept[i]) continue;
            _scratch[count++] = values[i];
            sum += values[i] - _scratch[0];
            min = Math.Min(min, values[i]);
            max = Math.Max(max, values[i]);
        }
        var mean = _scratch[0] + sum / count;
        double squares = 0;
        SiteSet minSites = default, maxSites = default;
        for (var i = 0; i < values.Length; i++)
        {
            if (!kept[i]) continue;
            squares += (values[i] - mean) * (values[i] - mean);
            if (values[i] == min) minSites = minSites.With(sites[i]);
            if (values[i] == max) maxSites = maxSites.With(sites[i]);
        }
        // The common case keeps everything: the median is known already.
        var median = count == values.Length && medianOfAll is { } known ? known : OrderStatistics.Median(_scratch.AsSpan(0, count));
        var stdDev = count > 1 ? Math.Sqrt(squares / (count - 1)) : 0;
        return new NumericStats(mean, min, max, median, stdDev, count, minSites, maxSites);
    }

    private static double Nearest(ReadOnlySpan<double> values, ReadOnlySpan<bool> kept, double target)
    {
        var best = double.NaN;
        for (var i = 0; i < values.Length; i++)
        {
            if (!kept[i]) continue;
            var d = Math.Abs(values[i] - target);
            var bestD = Math.Abs(best - target);
            // Ties go to the smaller value so the result does not depend on site order.
            if (double.IsNaN(best) || d < bestD || (d == bestD && values[i] < best))
            {
                best = values[i];
            }
        }
        return best;
    }

    private static double FirstKept(ReadOnlySpan<double> values, ReadOnlySpan<bool> kept)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (kept[i]) return values[i];
        }
        return 0;
    }

    private static bool AnyPositive(ReadOnlySpan<double> weights)
    {
        foreach (var w in weights)
        {
            if (w > 0) return true;
        }
        return false;
    }
}
