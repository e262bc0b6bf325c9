using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Mao.Cli.Insights;
using Mao.Core;
using Mao.Core.Insights;
using Mao.Core.Insights.Alerts;
using Spectre.Console;

namespace Mao.Cli.Commands;

/// <summary>`mao alerts &lt;csv-or-json&gt; [--rule prototype|robust-z|cusum] [--json | --summary]`: spikes, drops and shifts.</summary>
public sealed class AlertsCommand : ICliCommand
{
    private readonly TextWriter _output;

    public AlertsCommand() : this(Console.Out)
    {
    }

    /// <summary>A command that prints to <paramref name="output"/> (tests run it in-process on a string writer).</summary>
    public AlertsCommand(TextWriter output) => _output = output;

    public sealed record Request(InsightsInput Input, string Rule, int? Window, double? Threshold, double? MinChange, bool Json, bool Summary);

    public Command Build()
    {
        var input = InsightsInput.InputArgument();
        var metrics = InsightsInput.MetricOption();
        var from = InsightsInput.FromOption();
        var to = InsightsInput.ToOption();
        var rule = new Option<string>("--rule", "-r")
        {
            Description = "prototype: a change of more than 6% against the mean of the two previous values (the earlier prototype's rule); " +
                          "robust-z: more than 3.5 robust standard deviations (median and MAD of the previous 21 values) and more than 2% " +
                          "away from their median, one alert per episode; cusum: a lasting shift in level (two-sided CUSUM)",
            DefaultValueFactory = _ => RobustZRule.RuleName,
        };
        rule.AcceptOnlyFromAmong(PrototypeRule.RuleName, RobustZRule.RuleName, CusumRule.RuleName);
        var window = new Option<int?>("--window") { Description = "robust-z: values before each point to compare it with (default 21); cusum: baseline length (default 14)" };
        var threshold = new Option<double?>("--threshold")
        {
            Description = "prototype: relative change (default 0.06); robust-z: robust z-score (default 3.5); cusum: decision limit h in σ (default 5)",
        };
        var minChange = new Option<double?>("--min-change") { Description = "robust-z: smallest change worth an alert, relative to the median (default 0.02)" };
        var json = new Option<bool>("--json") { Description = "Print the alerts as a JSON array" };
        var summary = new Option<bool>("--summary")
        {
            Description = "Instead of alerts, print a Markdown table of how many points each rule (with its defaults) flags per series; " +
                          "docs/insights.md holds this table for the recorded data",
        };
        var command = new Command("alerts",
            "Find spikes and drops in time series. Each alert names the series, the day, the value, the value the rule expected, " +
            "the rule and a severity (critical: past twice the rule's threshold)")
        {
            input, metrics, from, to, rule, window, threshold, minChange, json, summary,
        };
        command.SetAction(parse => Run(
            () => new Request(InsightsInput.Of(parse.GetValue(input)!, parse.GetValue(metrics), parse.GetValue(from), parse.GetValue(to)),
                parse.GetValue(rule)!, parse.GetValue(window), parse.GetValue(threshold), parse.GetValue(minChange), parse.GetValue(json), parse.GetValue(summary)),
            _output));
        return command;
    }

    /// <summary>The rules the summary compares, with their defaults.</summary>
    public static IReadOnlyList<IAlertRule> DefaultRules => [new PrototypeRule(), new RobustZRule(), new CusumRule()];

    public static int Run(Func<Request> request, TextWriter output)
    {
        var console = InsightsInput.ConsoleFor(output);
        return InsightsInput.Guard(console, "alerts", () =>
        {
            var r = request();
            var series = r.Input.Load();
            if (r.Summary)
            {
                output.Write(AlertSummary.Of(series, DefaultRules).ToMarkdown());
                return 0;
            }
            var rule = CreateRule(r);
            var alerts = series.SelectMany(rule.Evaluate).ToArray();
            if (r.Json)
            {
                output.WriteLine(JsonSerializer.Serialize(alerts.Select(a => new
                {
                    series = a.Series,
                    date = a.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    value = a.Value,
                    expected = a.Expected,
                    rule = a.Rule,
                    severity = a.Severity.ToString().ToLowerInvariant(),
                    score = double.IsFinite(a.Score) ? a.Score : (double?)null,
                }), new JsonSerializerOptions { WriteIndented = true }));
                return 0;
            }
            console.MarkupLineInterpolated($"{rule.Describe()}: {alerts.Length} alert(s) in {series.Count} series");
            var table = new Table().AddColumns("series", "date", "value", "expected", "change", "score", "severity");
            foreach (var a in alerts)
            {
                var change = a.Expected == 0 ? "n/a" : ((a.Value - a.Expected) / Math.Abs(a.Expected)).ToString("+0.0%;-0.0%", CultureInfo.InvariantCulture);
                var severity = a.Severity == AlertSeverity.Critical ? "[red]critical[/]" : "[yellow]warning[/]";
                table.AddRow(Markup.Escape(a.Series), a.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    a.Value.ToString("#,0.##", CultureInfo.InvariantCulture), a.Expected.ToString("#,0.##", CultureInfo.InvariantCulture),
                    change, double.IsFinite(a.Score) ? a.Score.ToString("0.##", CultureInfo.InvariantCulture) : "inf", severity);
            }
            console.Write(table);
            return 0;
        });
    }

    private static IAlertRule CreateRule(Request r)
    {
        try
        {
            return r.Rule switch
            {
                PrototypeRule.RuleName => new PrototypeRule(r.Threshold ?? 0.06),
                RobustZRule.RuleName => new RobustZRule(r.Window ?? 21, r.Threshold ?? 3.5, r.MinChange ?? 0.02),
                CusumRule.RuleName => new CusumRule(r.Window ?? 14, h: r.Threshold ?? 5),
                _ => throw new MaoFormatException("--rule", $"unknown rule '{r.Rule}' (prototype, robust-z or cusum)"),
            };
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new MaoFormatException($"--rule {r.Rule}", e.Message.Split(" (Parameter")[0], inner: e);
        }
    }
}
