using System.Text;

namespace Mao.Core.Insights.Alerts;

/// <summary>How many points each rule flags on each series: the table in docs/insights.md comes from here.</summary>
public sealed record AlertSummary(IReadOnlyList<IAlertRule> Rules, IReadOnlyList<AlertSummary.Row> Rows)
{
    /// <summary>One series: its point count and, per rule (in <see cref="Rules"/> order), its alerts.</summary>
    public sealed record Row(string Series, int Points, IReadOnlyList<IReadOnlyList<Alert>> AlertsByRule);

    public static AlertSummary Of(IReadOnlyList<Series> series, IReadOnlyList<IAlertRule> rules) =>
        new(rules, series.Select(s => new Row(s.Name, s.Count, rules.Select(r => r.Evaluate(s)).ToArray())).ToArray());

    /// <summary>A Markdown table: one row per series, one column per rule with "alerts (critical)".</summary>
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.Append("| series | points |");
        foreach (var rule in Rules)
        {
            text.Append($" {rule.Name} |");
        }
        text.Append('\n').Append("|---|---:|").Append(string.Concat(Rules.Select(_ => "---:|"))).Append('\n');
        foreach (var row in Rows)
        {
            text.Append($"| {row.Series} | {row.Points} |");
            foreach (var alerts in row.AlertsByRule)
            {
                text.Append($" {alerts.Count} ({alerts.Count(a => a.Severity == AlertSeverity.Critical)}) |");
            }
            text.Append('\n');
        }
        return text.ToString();
    }
}
