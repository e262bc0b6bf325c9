namespace Mao.Core.Insights.Alerts;

/// <summary>A spike/drop rule: looks at a series' points in date order and flags the ones out of line.</summary>
public interface IAlertRule
{
    /// <summary>Short name used on the command line and in alerts (e.g. <c>prototype</c>, <c>robust-z</c>).</summary>
    string Name { get; }

    /// <summary>The settings in one line, for reports.</summary>
    string Describe();

    IReadOnlyList<Alert> Evaluate(Series series);
}
