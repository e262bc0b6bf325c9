using Mao.Core.Verification;

namespace Mao.Core.Insights.Alerts;

/// <summary>
/// Two-sided CUSUM change-point test: finds a lasting shift in level that no single day makes obvious. Each point is
/// standardised against the median and MAD-based σ of the <see cref="Baseline"/> points before the current run;
/// the sums S⁺ = max(0, S⁺ + z − k) and S⁻ = max(0, S⁻ − z − k) grow while values stay on one side; past
/// <see cref="H"/> the point is flagged and the baseline restarts there (so one shift is one alert, not a stream).
/// Defaults k = 0.5, h = 5 are the textbook choice for detecting a one-σ shift.
/// </summary>
public sealed class CusumRule : IAlertRule
{
    public const string RuleName = "cusum";

    public CusumRule(int baseline = 14, double k = 0.5, double h = 5)
    {
        if (baseline < 3)
        {
            throw new ArgumentOutOfRangeException(nameof(baseline), baseline, "the baseline needs at least 3 points");
        }
        if (!(k >= 0) || !(h > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(h), $"k must be ≥ 0 and h > 0 (k = {k}, h = {h})");
        }
        Baseline = baseline;
        K = k;
        H = h;
    }

    public int Baseline { get; }

    public double K { get; }

    public double H { get; }

    public string Name => RuleName;

    public string Describe() => $"{Name}: two-sided CUSUM, k = {K}, h = {H}, baseline of {Baseline} points (median, 1.4826 MAD)";

    public IReadOnlyList<Alert> Evaluate(Series series)
    {
        var alerts = new List<Alert>();
        var points = series.Points;
        var start = 0;
        while (start + Baseline < points.Count)
        {
            var baseline = points.Skip(start).Take(Baseline).Select(p => p.Value).ToArray();
            var median = OrderStatistics.Median(baseline);
            var sigma = 1.4826 * OrderStatistics.Median(baseline.Select(v => Math.Abs(v - median)).ToArray());
            if (sigma == 0)
            {
                sigma = 1.2533141373155 * baseline.Average(v => Math.Abs(v - median));
            }
            if (sigma == 0)
            {
                // A flat baseline has no scale to standardise with: count a step of 1 (one image, one tag) as one σ.
                sigma = 1;
            }
            double up = 0, down = 0;
            var restartAt = points.Count;
            for (var i = start + Baseline; i < points.Count; i++)
            {
                var z = (points[i].Value - median) / sigma;
                up = Math.Max(0, up + z - K);
                down = Math.Max(0, down - z - K);
                if (up > H || down > H)
                {
                    var score = up > H ? up : -down;
                    var severity = Math.Abs(score) > 2 * H ? AlertSeverity.Critical : AlertSeverity.Warning;
                    alerts.Add(new Alert(series.Name, points[i].Date, points[i].Value, median, Name, severity, score));
                    restartAt = i;
                    break;
                }
            }
            start = restartAt;
        }
        return alerts;
    }
}
