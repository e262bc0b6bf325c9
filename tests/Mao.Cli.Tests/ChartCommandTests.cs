using Mao.Cli.Commands;
using Mao.Cli.Insights;
using Mao.Insights;
using Mao.Core.Insights;
using Mao.Testing;
using ScottPlot.Plottables;
using SkiaSharp;

namespace Mao.Cli.Tests;

public class ChartCommandTests
{
    private static readonly string[] PaperMetrics = ["ARM=arm_images+arm64_images", "x86-64=amd64_images", "IBM Z=s390x_images"];

    private static string[] ChartArgs(string output) =>
        [RecordedArch.Path, .. PaperMetrics.SelectMany(m => new[] { "--metric", m }), "--out", output, "--width", "900", "--height", "500"];

    [Fact]
    public void PaperFigure_RendersANonBlankPngOfTheRequestedSize()
    {
        using var folder = new TempFolder("mao-chart");
        var png = folder.Combine("arch.png");
        var output = new StringWriter();

        var exit = new ChartCommand(output).Build().Parse(ChartArgs(png)).Invoke();

        Assert.True(exit == 0, output.ToString());
        using var bitmap = SKBitmap.Decode(png);
        Assert.Equal((900, 500), (bitmap.Width, bitmap.Height));
        // A blank or text-less image has a handful of colours; three coloured series, grid and antialiased text have hundreds.
        var colours = new HashSet<SKColor>();
        for (var y = 0; y < bitmap.Height; y += 2)
        {
            for (var x = 0; x < bitmap.Width; x += 2)
            {
                colours.Add(bitmap.GetPixel(x, y));
            }
        }
        Assert.True(colours.Count > 100, $"only {colours.Count} colours");
        Assert.Contains(new SKColor(0xd6, 0x27, 0x28), colours);
    }

    [Fact]
    public void PaperFigure_AsSvg_IsAnSvgDocumentWithTheLegend()
    {
        using var folder = new TempFolder("mao-chart");
        var svg = folder.Combine("arch.svg");
        Assert.Equal(0, new ChartCommand(new StringWriter()).Build().Parse(ChartArgs(svg)).Invoke());
        var document = System.Xml.Linq.XDocument.Load(svg);
        Assert.Equal("svg", document.Root!.Name.LocalName);
        Assert.Contains(document.Root.Descendants(), e => e.Value.Contains("IBM Z trend (OLS)"));
    }

    [Fact]
    public void PlottedValues_AreTheCsvValues_AndGapsAreNotPlotted()
    {
        var table = SeriesCsv.ReadFile(RecordedArch.Path);
        var spec = ChartSpec.Of("t", "images", PaperMetrics.Select(m => table.Select(MetricExpression.Parse(m))), TrendMethod.Ols);
        var plot = TrendChartRenderer.Build(spec);
        var expected = new Dictionary<string, SortedDictionary<DateOnly, double>>
        {
            ["ARM"] = RecordedArch.Sum("arm_images", "arm64_images"),
            ["x86-64"] = RecordedArch.Sum("amd64_images"),
            ["IBM Z"] = RecordedArch.Sum("s390x_images"),
        };
        foreach (var (name, values) in expected)
        {
            var markers = plot.GetPlottables<Scatter>().Single(s => s.LegendText == name);
            var points = markers.Data.GetScatterPoints();
            Assert.Equal(values.Keys.Select(d => d.ToDateTime(TimeOnly.MinValue).ToOADate()), points.Select(p => p.X));
            Assert.Equal(values.Values, points.Select(p => p.Y));
        }
        // 209 rows over 220 days: 11 days are missing, so no line may join every point.
        Assert.Equal(209, expected["x86-64"].Count);
        Assert.True(plot.GetPlottables<Scatter>().Where(s => s.LegendText == "").All(line => line.Data.GetScatterPoints().Count < 209));
    }

    [Fact]
    public void TrendLine_HasTheSlopeOfTheTextbookFormula()
    {
        var table = SeriesCsv.ReadFile(RecordedArch.Path);
        var spec = ChartSpec.Of("t", "images", [table.Select(MetricExpression.Parse("x86-64=amd64_images"))], TrendMethod.Ols);
        var trend = TrendChartRenderer.Build(spec).GetPlottables<LinePlot>().Single();
        var slopePerDay = (trend.End.Y - trend.Start.Y) / (trend.End.X - trend.Start.X);
        Assert.Equal(RecordedArch.OlsSlopePerDay(RecordedArch.Sum("amd64_images")), slopePerDay, 9);
    }

    [Theory]
    [InlineData("theil-sen", "x86-64 trend (Theil-Sen)")]
    [InlineData("none", null)]
    public void TrendOption_PicksTheLineOrNone(string trend, string? legendStart)
    {
        using var folder = new TempFolder("mao-chart");
        var output = new StringWriter();
        var args = new[] { RecordedArch.Path, "-m", "x86-64=amd64_images", "--trend", trend, "--out", folder.Combine("c.svg") };
        Assert.Equal(0, new ChartCommand(output).Build().Parse(args).Invoke());
        var texts = System.Xml.Linq.XDocument.Load(folder.Combine("c.svg")).Root!.Descendants().Select(e => e.Value.Trim()).ToArray();
        Assert.Equal(legendStart is not null, texts.Any(t => t.StartsWith(legendStart ?? "x86-64 trend", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("chart.gif", "mao chart: --out: 'chart.gif' must end in .png or .svg: the extension picks the image format")]
    public void BadOutputName_IsAClearError(string name, string message)
    {
        var output = new StringWriter();
        var exit = new ChartCommand(output).Build().Parse([RecordedArch.Path, "--out", name]).Invoke();
        Assert.Equal(1, exit);
        Assert.Equal(message, output.ToString().Trim());
    }
}
