namespace Mao.Core.Insights;

/// <summary>One plotted series and, optionally, its trend line.</summary>
public sealed record ChartSeries(Series Series, TrendLine? Trend);

/// <summary>
/// What a trend chart shows, independent of the drawing library: a renderer turns it into pixels, so the site's
/// dashboard and the command line draw the same chart from the same numbers.
/// </summary>
public sealed record ChartSpec(string Title, string YLabel, IReadOnlyList<ChartSeries> Series)
{
    /// <summary>A chart of <paramref name="series"/>, each with its trend line when <paramref name="trend"/> is given.</summary>
    public static ChartSpec Of(string title, string yLabel, IEnumerable<Series> series, TrendMethod? trend) =>
        new(title, yLabel, series.Select(s => new ChartSeries(s, trend is { } m && s.Count >= 2 ? Trends.Fit(s, m) : null)).ToArray());
}
