using Mao.Core.Verification;

namespace Mao.Core.Insights.Alerts;

/// <summary>
/// Robust z-score over a rolling window: a point is compared with the median of the <see cref="Window"/> observed
/// points before it, in units of their median absolute deviation (Iglewicz and Hoaglin's modified z-score,
/// z = 0.6745 (x − median) / MAD, flagged above <see cref="Threshold"/>, 3.5 by default). Median and MAD ignore a
/// minority of wild values, so one outlier neither hides the next nor raises alerts after itself. When the window
/// has no spread (MAD = 0), the mean absolute deviation × 1.2533 stands in; when even that is 0, any change is
/// critical. Points need a full window before them to be judged.
/// </summary>
public sealed class RobustZRule : IAlertRule
{
    public const string RuleName = "robust-z";

    /// <summary>MAD × 1.4826 estimates σ for normal data; 0.6745 ≈ 1 / 1.4826.</summary>
    private const double MadToSigma = 1.4826;

    /// <summary>Mean absolute deviation × 1.2533 (√(π/2)) estimates σ for normal data.</summary>
    private const double MeanAdToSigma = 1.2533141373155;

    public RobustZRule(int window = 14, double threshold = 3.5)
    {
        if (window < 3)
        {
            throw new ArgumentOutOfRangeException(nameof(window), window, "the window needs at least 3 points for a median and a spread");
        }
        if (!(threshold > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "the z threshold must be positive");
        }
        Window = window;
        Threshold = threshold;
    }

    public int Window { get; }

    public double Threshold { get; }

    public string Name => RuleName;

    public string Describe() => $"{Name}: |x - median| / (1.4826 MAD) > {Threshold} over the previous {Window} points";

    public IReadOnlyList<Alert> Evaluate(Series series)
    {
        var alerts = new List<Alert>();
        var points = series.Points;
        var window = new double[Window];
        var deviations = new double[Window];
        for (var i = Window; i < points.Count; i++)
        {
            for (var w = 0; w < Window; w++)
            {
                window[w] = points[i - Window + w].Value;
            }
            var median = OrderStatistics.Median(window);
            double meanDeviation = 0;
            for (var w = 0; w < Window; w++)
            {
                deviations[w] = Math.Abs(window[w] - median);
                meanDeviation += deviations[w];
            }
            var sigma = MadToSigma * OrderStatistics.Median(deviations);
            if (sigma == 0)
            {
                sigma = MeanAdToSigma * meanDeviation / Window;
            }
            var value = points[i].Value;
            var z = sigma > 0 ? (value - median) / sigma : value == median ? 0 : Math.CopySign(double.PositiveInfinity, value - median);
            if (Math.Abs(z) > Threshold)
            {
                var severity = Math.Abs(z) > 2 * Threshold ? AlertSeverity.Critical : AlertSeverity.Warning;
                alerts.Add(new Alert(series.Name, points[i].Date, value, median, Name, severity, z));
            }
        }
        return alerts;
    }
}
