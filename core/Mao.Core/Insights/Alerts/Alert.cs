namespace Mao.Core.Insights.Alerts;

public enum AlertSeverity
{
    /// <summary>Past the rule's threshold.</summary>
    Warning,

    /// <summary>Past twice the rule's threshold (or no spread to compare with at all).</summary>
    Critical,
}

/// <summary>A point that a rule found out of line: what was seen, what the rule expected, and how bad it is.</summary>
/// <param name="Score">The rule's measure of the deviation (relative change, robust z-score, CUSUM sum).</param>
public sealed record Alert(string Series, DateOnly Date, double Value, double Expected, string Rule, AlertSeverity Severity, double Score)
{
    public bool IsSpike => Value > Expected;
}
