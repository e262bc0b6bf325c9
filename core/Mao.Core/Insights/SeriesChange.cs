namespace Mao.Core.Insights;

/// <summary>How a series changed from one observed day to another.</summary>
public sealed record SeriesChange(string Series, DateOnly From, DateOnly To, double FromValue, double ToValue)
{
    public double Absolute => ToValue - FromValue;

    /// <summary>Relative change (0.1 = +10 %); null when the start value is 0.</summary>
    public double? Relative => FromValue == 0 ? null : (ToValue - FromValue) / Math.Abs(FromValue);

    public int Days => To.DayNumber - From.DayNumber;

    /// <summary>
    /// The change between two days the series has. A day without a point is an error naming the nearest observed
    /// days, because silently using another day would report a change over a period nobody asked about.
    /// </summary>
    public static SeriesChange Between(Series series, DateOnly from, DateOnly to)
    {
        var a = Point(series, from);
        var b = Point(series, to);
        return new SeriesChange(series.Name, from, to, a.Value, b.Value);
    }

    private static SeriesPoint Point(Series series, DateOnly date)
    {
        var i = series.IndexOf(date);
        if (i >= 0)
        {
            return series.Points[i];
        }
        var insert = ~i;
        var before = insert > 0 ? series.Points[insert - 1].Date.ToString("yyyy-MM-dd") : "none";
        var after = insert < series.Count ? series.Points[insert].Date.ToString("yyyy-MM-dd") : "none";
        throw new MaoFormatException(series.Name, $"series '{series.Name}' has no point on {date:yyyy-MM-dd} (nearest before: {before}, after: {after})");
    }
}
