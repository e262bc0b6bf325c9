namespace Mao.Core.Verification;

/// <summary>How often a site agreed with past ground truth: the input of history weighting.</summary>
public readonly record struct SiteTrack(double Agreed, double Rounds)
{
    public double Rate => Rounds > 0 ? Agreed / Rounds : 1;
}

/// <summary>
/// Past agreement per site (site name to track). A verification returns the updated history in its summary, so a
/// federation can carry it from round to round. Sites without a track count as fully trusted: newcomers are not punished.
/// </summary>
public sealed record SiteHistory(IReadOnlyDictionary<string, SiteTrack> Sites)
{
    public static SiteHistory Empty { get; } = new(new Dictionary<string, SiteTrack>());

    /// <summary>Weight of each site (by index in <paramref name="sites"/>) under <paramref name="kind"/>.</summary>
    public double[] Weights(HistoryKind kind, IReadOnlyList<string> sites)
    {
        var weights = new double[sites.Count];
        var rates = sites.Select(s => Sites.TryGetValue(s, out var t) ? t.Rate : 1.0).ToArray();
        var average = rates.Length == 0 ? 1 : rates.Average();
        for (var i = 0; i < weights.Length; i++)
        {
            var standard = rates[i] * rates[i];
            var belowAverage = rates[i] < average - 1e-12;
            weights[i] = kind switch
            {
                HistoryKind.None => 1,
                HistoryKind.Standard => standard,
                HistoryKind.ModuleElimination => belowAverage ? 0 : standard,
                HistoryKind.Hybrid => belowAverage ? standard / 2 : standard,
                _ => 1,
            };
        }
        return weights;
    }

    /// <summary>This history plus one verification's per-site agreement counts.</summary>
    public SiteHistory Add(IReadOnlyList<string> sites, IReadOnlyList<SiteTally> tallies)
    {
        var next = new Dictionary<string, SiteTrack>(Sites, StringComparer.Ordinal);
        for (var i = 0; i < sites.Count; i++)
        {
            var before = next.TryGetValue(sites[i], out var t) ? t : default;
            var votes = tallies[i].Agreed + tallies[i].Dissented;
            next[sites[i]] = new SiteTrack(before.Agreed + tallies[i].Agreed, before.Rounds + votes);
        }
        return new SiteHistory(next);
    }
}
