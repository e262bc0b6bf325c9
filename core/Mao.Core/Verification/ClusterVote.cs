using Mao.Core.Model;

namespace Mao.Core.Verification;

/// <summary>
/// Ground truth of exact counts, strings and sets: equal values form groups, groups that are the same answer
/// (strings equal after normalisation, sets similar enough) form clusters, and the heaviest cluster wins.
/// A tie or a cluster without a strict majority is flagged, never silently resolved.
/// </summary>
internal sealed class ClusterVote(int capacity)
{
    private readonly Group[] _groups = new Group[capacity];
    private readonly int[] _clusterOf = new int[capacity];
    private readonly Group[] _clusters = new Group[capacity];

    private FieldValue[] _observed = [];

    // Groups point into the observations instead of copying values: no reference stores (GC write barriers) per vote.
    private struct Group
    {
        public int Sample;         // index of one observation holding the value; for a cluster: its representative
        public double Weight;      // for a cluster: the representative group's weight
        public double TotalWeight;
        public SiteSet Sites;
        public string? NormalisedText;
    }

    /// <param name="observed">The record's observations, site-major.</param>
    /// <param name="slots">For each reporting site, the index of its value in <paramref name="observed"/>.</param>
    public void Decide(FieldKind kind, FieldValue[] observed, ReadOnlySpan<int> sites, ReadOnlySpan<int> slots,
        ReadOnlySpan<double> weights, VotePolicy policy, int requiredSites, ref FieldVerdict verdict)
    {
        _observed = observed;
        // Empty weights mean every site weighs 1; all weights 0 (everyone eliminated) falls back to counting.
        var unweighted = true;
        foreach (var w in weights) unweighted &= w <= 0;
        var groupCount = GroupEqual(sites, slots, weights, unweighted, out var totalWeight);
        var clusterCount = kind switch
        {
            FieldKind.Category when policy.TextComparison == TextComparison.Normalised && groupCount > 1 => ClusterNormalised(groupCount),
            FieldKind.Set when policy.SetSimilarity < 1 && groupCount > 1 => ClusterSimilar(groupCount, policy.SetSimilarity),
            _ => CopyGroups(groupCount),
        };
        var best = 0;
        for (var c = 1; c < clusterCount; c++)
        {
            if (Better(_clusters[c], _clusters[best])) best = c;
        }
        var winner = _clusters[best];
        var tie = false;
        for (var c = 0; c < clusterCount; c++)
        {
            tie |= c != best && SameWeight(_clusters[c].TotalWeight, winner.TotalWeight);
        }
        verdict.Value = Value(winner);
        verdict.Support = winner.Sites;
        verdict.Dissent = SiteSet.Empty;
        foreach (var s in sites) if (!winner.Sites.Contains(s)) verdict.Dissent = verdict.Dissent.With(s);
        verdict.Agreement = totalWeight > 0 ? winner.TotalWeight / totalWeight : 0;
        if (tie) verdict.Flags |= VerdictFlags.Tie;
        if (verdict.Agreement <= policy.MinimumAgreement || winner.Sites.Count < requiredSites)
        {
            verdict.Flags |= VerdictFlags.WeakSupport;
        }
        if (kind == FieldKind.Count)
        {
            var v = verdict.Value.Number;
            verdict.Stats = new NumericStats(v, v, v, v, 0, winner.Sites.Count, winner.Sites, winner.Sites);
        }
    }

    private FieldValue Value(in Group group) => _observed[group.Sample];

    private int GroupEqual(ReadOnlySpan<int> sites, ReadOnlySpan<int> slots, ReadOnlySpan<double> weights, bool unweighted, out double total)
    {
        var observed = _observed;
        var count = 0;
        total = 0;
        for (var i = 0; i < sites.Length; i++)
        {
            var w = unweighted ? 1 : Math.Max(0, weights[i]);
            total += w;
            ref readonly var value = ref observed[slots[i]];
            var g = 0;
            while (g < count && !observed[_groups[g].Sample].Equals(value)) g++;
            if (g == count)
            {
                _groups[count++] = new Group { Sample = slots[i] };
            }
            _groups[g].Weight += w;
            _groups[g].TotalWeight += w;
            _groups[g].Sites = _groups[g].Sites.With(sites[i]);
        }
        return count;
    }

    private int CopyGroups(int groupCount)
    {
        Array.Copy(_groups, _clusters, groupCount);
        return groupCount;
    }

    private int ClusterNormalised(int groupCount)
    {
        var clusters = 0;
        for (var g = 0; g < groupCount; g++)
        {
            _groups[g].NormalisedText = ValueOrder.Normalise(Value(_groups[g]).Text);
            var c = 0;
            while (c < clusters && _clusters[c].NormalisedText != _groups[g].NormalisedText) c++;
            Merge(g, c, ref clusters);
        }
        return clusters;
    }

    /// <summary>Leader clustering: groups in order of weight (then value) join the first leader similar enough.</summary>
    private int ClusterSimilar(int groupCount, double similarity)
    {
        var order = _clusterOf.AsSpan(0, groupCount);
        for (var g = 0; g < groupCount; g++) order[g] = g;
        // Few groups: a simple stable selection order keeps it allocation-free.
        for (var i = 1; i < groupCount; i++)
        {
            var x = order[i];
            var j = i - 1;
            while (j >= 0 && Better(_groups[x], _groups[order[j]])) { order[j + 1] = order[j]; j--; }
            order[j + 1] = x;
        }
        var clusters = 0;
        Span<int> leaders = stackalloc int[groupCount];
        foreach (var g in order)
        {
            var c = 0;
            while (c < clusters && ValueOrder.Jaccard(Value(_groups[leaders[c]]).Set, Value(_groups[g]).Set) < similarity) c++;
            if (c == clusters) leaders[c] = g;
            Merge(g, c, ref clusters);
        }
        return clusters;
    }

    private void Merge(int group, int cluster, ref int clusters)
    {
        if (cluster == clusters)
        {
            _clusters[clusters++] = _groups[group];
            return;
        }
        ref var target = ref _clusters[cluster];
        // The representative is the heaviest exact value of the cluster (ties: the value that sorts first).
        var candidate = _groups[group];
        if (SameWeight(candidate.Weight, target.Weight) ? ValueOrder.Compare(Value(candidate), Value(target)) < 0 : candidate.Weight > target.Weight)
        {
            target.Sample = candidate.Sample;
            target.Weight = _groups[group].Weight;
        }
        target.TotalWeight += _groups[group].TotalWeight;
        target.Sites = target.Sites.Union(_groups[group].Sites);
    }

    /// <summary>Heavier first; equal weight: the value that sorts first, so input order never matters.</summary>
    private bool Better(in Group a, in Group b) =>
        !SameWeight(a.TotalWeight, b.TotalWeight) ? a.TotalWeight > b.TotalWeight : ValueOrder.Compare(Value(a), Value(b)) < 0;

    private static bool SameWeight(double a, double b) => Math.Abs(a - b) <= 1e-12 * Math.Max(1, Math.Max(a, b));
}
