using System.CommandLine;
using System.Globalization;
using Mao.Cli.Insights;
using Mao.Core.Insights;
using Spectre.Console;

namespace Mao.Cli.Commands;

/// <summary>`mao series &lt;csv-or-json&gt; [--metric ...] [--points] [--json]`: trends, changes and (optionally) the points.</summary>
public sealed class SeriesCommand : ICliCommand
{
    private readonly TextWriter _output;

    public SeriesCommand() : this(Console.Out)
    {
    }

    /// <summary>A command that prints to <paramref name="output"/> (tests run it in-process on a string writer).</summary>
    public SeriesCommand(TextWriter output) => _output = output;

    public sealed record Request(InsightsInput Input, bool Points, bool Json);

    public Command Build()
    {
        var input = InsightsInput.InputArgument();
        var metrics = InsightsInput.MetricOption();
        var from = InsightsInput.FromOption();
        var to = InsightsInput.ToOption();
        var points = new Option<bool>("--points") { Description = "Also print every day's values (an empty cell is a day without a value)" };
        var json = new Option<bool>("--json") { Description = "Print points, both trend lines and the change as JSON (readable by `mao chart` and `mao alerts`)" };
        var command = new Command("series",
            "Summarise time series: per series the number of points and missing days, the change from the first to the last day, " +
            "and the trend per month (30.44 days) by least squares with its 95% confidence interval and by Theil-Sen")
        {
            input, metrics, from, to, points, json,
        };
        command.SetAction(parse => Run(
            () => new Request(InsightsInput.Of(parse.GetValue(input)!, parse.GetValue(metrics), parse.GetValue(from), parse.GetValue(to)),
                parse.GetValue(points), parse.GetValue(json)),
            _output));
        return command;
    }

    public static int Run(Func<Request> request, TextWriter output)
    {
        var console = InsightsInput.ConsoleFor(output);
        return InsightsInput.Guard(console, "series", () =>
        {
            var r = request();
            var series = r.Input.Load();
            if (r.Json)
            {
                using var buffer = new MemoryStream();
                SeriesJson.Write(buffer, series, [TrendMethod.Ols, TrendMethod.TheilSen]);
                output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
                return 0;
            }
            console.Write(TrendTable(series));
            if (r.Points)
            {
                console.Write(PointTable(series));
            }
            return 0;
        });
    }

    private static Table TrendTable(IReadOnlyList<Series> series)
    {
        var table = new Table().AddColumns("series", "points", "first", "last", "missing days", "change", "OLS / month [[95% CI]]", "R²", "Theil-Sen / month [[95% CI]]");
        foreach (var s in series)
        {
            if (s.Count < 2)
            {
                table.AddRow(Markup.Escape(s.Name), $"{s.Count}", s.Count == 1 ? Day(s.First) : "", s.Count == 1 ? Day(s.Last) : "", "", "", "needs 2 points", "", "");
                continue;
            }
            var change = SeriesChange.Between(s, s.First, s.Last);
            var ols = Trends.Ols(s);
            var theilSen = Trends.TheilSen(s);
            table.AddRow(Markup.Escape(s.Name), $"{s.Count}", Day(s.First), Day(s.Last), $"{s.MissingDays().Count()}",
                $"{change.Absolute:+#,0.##;-#,0.##;0} ({(change.Relative is { } rel ? rel.ToString("+0.0%;-0.0%", CultureInfo.InvariantCulture) : "n/a")})",
                Markup.Escape(Slope(ols)), ols.RSquared is { } r2 ? r2.ToString("0.000", CultureInfo.InvariantCulture) : "", Markup.Escape(Slope(theilSen)));
        }
        return table;
    }

    private static Table PointTable(IReadOnlyList<Series> series)
    {
        var table = new Table().AddColumn("date");
        foreach (var s in series)
        {
            table.AddColumn(new TableColumn(Markup.Escape(s.Name)).RightAligned());
        }
        var hasSupport = series.Any(s => s.Points.Any(p => p.Support is not null));
        if (hasSupport)
        {
            table.AddColumn(new TableColumn("support").RightAligned());
        }
        foreach (var day in series.SelectMany(s => s.Points.Select(p => p.Date)).Distinct().Order())
        {
            var cells = new List<string> { Day(day) };
            int? support = null;
            foreach (var s in series)
            {
                cells.Add(s.TryGet(day, out var p) ? p.Value.ToString("#,0.##", CultureInfo.InvariantCulture) : "");
                support = p.Support is { } n ? Math.Min(support ?? n, n) : support;
            }
            if (hasSupport)
            {
                cells.Add(support?.ToString(CultureInfo.InvariantCulture) ?? "");
            }
            table.AddRow(cells.ToArray());
        }
        return table;
    }

    private static string Slope(TrendLine trend) =>
        trend.SlopePerMonthLow is { } low && trend.SlopePerMonthHigh is { } high
            ? string.Create(CultureInfo.InvariantCulture, $"{trend.SlopePerMonth:+0.0;-0.0} [{low:0.0}, {high:0.0}]")
            : string.Create(CultureInfo.InvariantCulture, $"{trend.SlopePerMonth:+0.0;-0.0}");

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
