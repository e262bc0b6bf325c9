using System.CommandLine;
using Mao.Cli.Insights;
using Mao.Insights;
using Mao.Core.Insights;
using Spectre.Console;

namespace Mao.Cli.Commands;

/// <summary>`mao chart &lt;csv-or-json&gt; --metric ... --out chart.png|svg [--trend ols|theil-sen|none]`: a trend chart.</summary>
public sealed class ChartCommand : ICliCommand
{
    private readonly TextWriter _output;

    public ChartCommand() : this(Console.Out)
    {
    }

    /// <summary>A command that prints to <paramref name="output"/> (tests run it in-process on a string writer).</summary>
    public ChartCommand(TextWriter output) => _output = output;

    public sealed record Request(InsightsInput Input, string Out, TrendMethod? Trend, string? Title, string YLabel, int Width, int Height);

    public Command Build()
    {
        var input = InsightsInput.InputArgument();
        var metrics = InsightsInput.MetricOption();
        var from = InsightsInput.FromOption();
        var to = InsightsInput.ToOption();
        var output = new Option<string>("--out", "-o") { Description = "Image to write; its extension (.png or .svg) picks the format", Required = true };
        var trend = TrendOption.Create("ols", allowNone: true);
        var title = new Option<string?>("--title") { Description = "Chart title; default: the series' names" };
        var yLabel = new Option<string>("--y-label") { Description = "Label of the value axis", DefaultValueFactory = _ => "value" };
        var width = new Option<int>("--width") { Description = "Width in pixels", DefaultValueFactory = _ => TrendChartRenderer.DefaultWidth };
        var height = new Option<int>("--height") { Description = "Height in pixels", DefaultValueFactory = _ => TrendChartRenderer.DefaultHeight };
        var command = new Command("chart",
            "Draw series over time with their trend lines as a PNG or SVG image. Days without a value stay gaps. Example, the paper's " +
            "architecture figure: mao chart recorded/data/dockerhub-arch-timeseries-2019-11-11_2020-06-17.csv " +
            "-m \"ARM=arm_images+arm64_images\" -m \"x86-64=amd64_images\" -m \"IBM Z=s390x_images\" --out arch.png")
        {
            input, metrics, from, to, output, trend, title, yLabel, width, height,
        };
        command.SetAction(parse => Run(
            () => new Request(
                InsightsInput.Of(parse.GetValue(input)!, parse.GetValue(metrics), parse.GetValue(from), parse.GetValue(to)),
                parse.GetValue(output)!, TrendOption.Parse(parse.GetValue(trend)), parse.GetValue(title), parse.GetValue(yLabel)!,
                parse.GetValue(width), parse.GetValue(height)),
            _output));
        return command;
    }

    public static int Run(Func<Request> request, TextWriter output)
    {
        var console = InsightsInput.ConsoleFor(output);
        return InsightsInput.Guard(console, "chart", () =>
        {
            var r = request();
            if (r.Width is < 100 or > 10_000 || r.Height is < 100 or > 10_000)
            {
                throw new Mao.Core.MaoFormatException("--width/--height", $"{r.Width}x{r.Height} is not a sensible image size (100 to 10000 pixels each way)");
            }
            var format = TrendChartRenderer.FormatOf(r.Out);
            var series = r.Input.Load();
            var spec = ChartSpec.Of(r.Title ?? string.Join(", ", series.Select(s => s.Name)), r.YLabel, series, r.Trend);
            var bytes = TrendChartRenderer.Render(TrendChartRenderer.Build(spec), format, r.Width, r.Height);
            File.WriteAllBytes(r.Out, bytes);
            console.MarkupLineInterpolated($"wrote {r.Out} ({r.Width}x{r.Height}, {spec.Series.Count} series, {bytes.Length:N0} bytes)");
            return 0;
        });
    }
}
