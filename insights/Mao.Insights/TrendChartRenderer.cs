using Mao.Core;
using Mao.Core.Insights;
using ScottPlot;

namespace Mao.Insights;

/// <summary>
/// Draws a <see cref="ChartSpec"/> with ScottPlot (headless, SkiaSharp): each series as markers joined only across
/// consecutive days, so a gap shows as a gap and not as an invented straight line; its trend line dashed in the same
/// colour, the slope per month in the legend.
/// </summary>
public static class TrendChartRenderer
{
    public const int DefaultWidth = 1000;
    public const int DefaultHeight = 600;

    /// <summary>DejaVu Sans from Debian's fonts-dejavu-core: SkiaSharp's no-dependency build cannot ask fontconfig.</summary>
    private const string FontFile = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

    private static readonly Lock FontLock = new();
    private static bool _fontLoaded;

    private static readonly Color[] Palette =
    [
        new(0x1f, 0x77, 0xb4), new(0xd6, 0x27, 0x28), new(0x2c, 0xa0, 0x2c), new(0xff, 0x7f, 0x0e),
        new(0x94, 0x67, 0xbd), new(0x8c, 0x56, 0x4b), new(0xe3, 0x77, 0xc2), new(0x7f, 0x7f, 0x7f),
    ];

    /// <summary>The plot for <paramref name="chart"/>: the data markers of series i are the scatter labelled with its name.</summary>
    public static Plot Build(ChartSpec chart)
    {
        EnsureFont();
        var plot = new Plot();
        for (var i = 0; i < chart.Series.Count; i++)
        {
            var (series, trend) = chart.Series[i];
            var color = Palette[i % Palette.Length];
            var markers = plot.Add.ScatterPoints(
                series.Points.Select(p => ToX(p.Date)).ToArray(),
                series.Points.Select(p => p.Value).ToArray(), color);
            markers.MarkerSize = 4;
            markers.LegendText = series.Name;
            foreach (var run in ConsecutiveRuns(series))
            {
                var line = plot.Add.ScatterLine(run.Select(p => ToX(p.Date)).ToArray(), run.Select(p => p.Value).ToArray(), color);
                line.LineWidth = 1.5f;
            }
            if (trend is not null)
            {
                var line = plot.Add.Line(ToX(series.First), trend.ValueAt(series.First), ToX(series.Last), trend.ValueAt(series.Last));
                line.Color = color;
                line.LineWidth = 2;
                line.LinePattern = LinePattern.Dashed;
                line.LegendText = $"{series.Name} trend ({Describe(trend.Method)}): {trend.SlopePerMonth:+0.#;-0.#} / month";
            }
        }
        // ISO days on the time axis, whatever the machine's culture.
        var timeAxis = plot.Axes.DateTimeTicksBottom();
        if (timeAxis.TickGenerator is ScottPlot.TickGenerators.DateTimeAutomatic ticks)
        {
            ticks.LabelFormatter = time => time.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        }
        plot.Title(chart.Title);
        plot.YLabel(chart.YLabel);
        plot.ShowLegend(Alignment.MiddleLeft);
        return plot;
    }

    /// <summary>PNG or SVG bytes, chosen by <paramref name="path"/>'s extension.</summary>
    public static byte[] Render(Plot plot, ChartFormat format, int width = DefaultWidth, int height = DefaultHeight) => format switch
    {
        ChartFormat.Png => plot.GetImageBytes(width, height, ImageFormat.Png),
        ChartFormat.Svg => System.Text.Encoding.UTF8.GetBytes(plot.GetSvgXml(width, height)),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown chart format"),
    };

    public static ChartFormat FormatOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".png" => ChartFormat.Png,
        ".svg" => ChartFormat.Svg,
        _ => throw new MaoFormatException("--out", $"'{path}' must end in .png or .svg: the extension picks the image format"),
    };

    public static double ToX(DateOnly date) => date.ToDateTime(TimeOnly.MinValue).ToOADate();

    private static string Describe(TrendMethod method) => method == TrendMethod.Ols ? "OLS" : "Theil-Sen";

    private static IEnumerable<SeriesPoint[]> ConsecutiveRuns(Series series)
    {
        var run = new List<SeriesPoint>();
        foreach (var point in series.Points)
        {
            if (run.Count > 0 && point.Date.DayNumber - run[^1].Date.DayNumber > 1)
            {
                yield return run.ToArray();
                run.Clear();
            }
            run.Add(point);
        }
        if (run.Count > 0)
        {
            yield return run.ToArray();
        }
    }

    private static void EnsureFont()
    {
        lock (FontLock)
        {
            if (_fontLoaded)
            {
                return;
            }
            if (!File.Exists(FontFile))
            {
                throw new FileNotFoundException($"charts need a font: install Debian's fonts-dejavu-core (infra/local/install.sh does) for {FontFile}", FontFile);
            }
            Fonts.AddFontFile("DejaVu Sans", FontFile);
            Fonts.Default = "DejaVu Sans";
            _fontLoaded = true;
        }
    }
}

public enum ChartFormat
{
    Png,
    Svg,
}
