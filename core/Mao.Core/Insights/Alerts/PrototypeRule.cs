namespace Mao.Core.Insights.Alerts;

/// <summary>
/// The earlier prototype's rule: flag a value that differs by more than <see cref="Threshold"/> (6 %) from the mean of
/// the two previous values. Simple, but on a noisy series every ordinary wobble past 6 % is an alert, and one wild
/// value raises two more (it is part of the next two means). Previous values are the previous observed points:
/// gaps are skipped, never read as zero.
/// </summary>
public sealed class PrototypeRule : IAlertRule
{
    public const string RuleName = "prototype";

    public PrototypeRule(double threshold = 0.06)
    {
        if (!(threshold > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "the relative threshold must be positive");
        }
        Threshold = threshold;
    }

    public double Threshold { get; }

    public string Name => RuleName;

    public string Describe() => $"{Name}: |value / mean(previous two) - 1| > {Threshold:P0}";

    public IReadOnlyList<Alert> Evaluate(Series series)
    {
        var alerts = new List<Alert>();
        var points = series.Points;
        for (var i = 2; i < points.Count; i++)
        {
            var expected = (points[i - 1].Value + points[i - 2].Value) / 2;
            var value = points[i].Value;
            if (expected == 0)
            {
                // No base to be relative to: any departure from zero is as large as a change can be.
                if (value != 0)
                {
                    alerts.Add(new Alert(series.Name, points[i].Date, value, expected, Name, AlertSeverity.Critical, double.PositiveInfinity));
                }
                continue;
            }
            var change = (value - expected) / Math.Abs(expected);
            if (Math.Abs(change) > Threshold)
            {
                var severity = Math.Abs(change) > 2 * Threshold ? AlertSeverity.Critical : AlertSeverity.Warning;
                alerts.Add(new Alert(series.Name, points[i].Date, value, expected, Name, severity, change));
            }
        }
        return alerts;
    }
}
