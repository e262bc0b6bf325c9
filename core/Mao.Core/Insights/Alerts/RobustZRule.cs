using Mao.Core.Verification;

namespace Mao.Core.Insights.Alerts;

/// <summary>
/// Robust z-score over a rolling window: a point is compared with the median of the <see cref="Window"/> observed
/// points before it, in units of their median absolute deviation (Iglewicz and Hoaglin's modified z-score,
/// z = (x − median) / (1.4826 MAD), flagged above <see cref="Threshold"/>). Median and MAD ignore a minority of wild
/// values, so one outlier neither hides the next nor raises alerts after itself, and a noisy series sets its own
/// yardstick. Counts that sit still for days have a MAD near zero, which would make every ordinary step a "spike":
/// a point is therefore flagged only when it also moves by more than <see cref="MinRelativeChange"/> of the median.
/// When the window has no spread (MAD = 0) the mean absolute deviation × 1.2533 stands in; when even that is 0,
/// z is infinite and the change is judged by <see cref="MinRelativeChange"/> alone. A point needs a full window
/// before it to be judged; gaps are skipped, never read as zeros. Consecutive flagged points on the same side are
/// one episode, reported once on its first day: after a level shift the median needs half a window to catch up,
/// and ten alerts for one shift would bury the next event.
/// </summary>
public sealed class RobustZRule : IAlertRule
{
    public const string RuleName = "robust-z";

    /// <summary>MAD × 1.4826 estimates σ for normal data.</summary>
    private const double MadToSigma = 1.4826;

    /// <summary>Mean absolute deviation × 1.2533 (√(π/2)) estimates σ for normal data.</summary>
    private const double MeanAdToSigma = 1.2533141373155;

    public RobustZRule(int window = 21, double threshold = 3.5, double minRelativeChange = 0.02)
    {
        if (window < 3)
        {
            throw new ArgumentOutOfRangeException(nameof(window), window, "the window needs at least 3 points for a median and a spread");
        }
        if (!(threshold > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "the z threshold must be positive");
        }
        if (!(minRelativeChange >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(minRelativeChange), minRelativeChange, "the minimum relative change must be 0 or more");
        }
        Window = window;
        Threshold = threshold;
        MinRelativeChange = minRelativeChange;
    }

    public int Window { get; }

    public double Threshold { get; }

    /// <summary>The smallest change worth an alert, relative to the window's median (0.02 = 2 %).</summary>
    public double MinRelativeChange { get; }

    public string Name => RuleName;

    public string Describe() =>
        $"{Name}: |x - median| > {Threshold} x 1.4826 MAD and > {MinRelativeChange:P0} of the median, over the previous {Window} points";

    public IReadOnlyList<Alert> Evaluate(Series series)
    {
        var alerts = new List<Alert>();
        var points = series.Points;
        var window = new double[Window];
        var deviations = new double[Window];
        var previousSide = 0;
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
            var flagged = Math.Abs(z) > Threshold && Math.Abs(value - median) > MinRelativeChange * Math.Abs(median);
            var side = flagged ? Math.Sign(z) : 0;
            if (flagged && side == previousSide)
            {
                // Still out of line on the same side as the previous point: the same episode (a level shift the
                // window's median has not caught up with yet), already reported on its first day.
                continue;
            }
            previousSide = side;
            if (flagged)
            {
                var severity = Math.Abs(z) > 2 * Threshold ? AlertSeverity.Critical : AlertSeverity.Warning;
                alerts.Add(new Alert(series.Name, points[i].Date, value, median, Name, severity, z));
            }
        }
        return alerts;
    }
}
