namespace Mao.Core.Insights;

/// <summary>Trend lines through a series. x is the day number, so gaps stretch the axis as they should.</summary>
public static class Trends
{
    /// <summary>z for a two-sided 95 % normal interval (Sen's slope interval uses the normal approximation).</summary>
    private const double Z975 = 1.959963984540054;

    public static TrendLine Fit(Series series, TrendMethod method) => method switch
    {
        TrendMethod.Ols => Ols(series),
        TrendMethod.TheilSen => TheilSen(series),
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "unknown trend method"),
    };

    /// <summary>
    /// Least squares. The slope's 95 % interval is slope ± t(0.975, n−2) × SE with
    /// SE = sqrt(Σresidual² / (n−2) / Σ(x−x̄)²); it needs 3 points or more.
    /// </summary>
    public static TrendLine Ols(Series series)
    {
        var (origin, x, y) = Axes(series);
        var n = x.Length;
        double meanX = x.Average(), meanY = y.Average(), sxx = 0, sxy = 0, syy = 0;
        for (var i = 0; i < n; i++)
        {
            sxx += (x[i] - meanX) * (x[i] - meanX);
            sxy += (x[i] - meanX) * (y[i] - meanY);
            syy += (y[i] - meanY) * (y[i] - meanY);
        }
        var slope = sxy / sxx;
        var intercept = meanY - slope * meanX;
        double residuals = 0;
        for (var i = 0; i < n; i++)
        {
            var r = y[i] - (intercept + slope * x[i]);
            residuals += r * r;
        }
        double? low = null, high = null;
        if (n >= 3)
        {
            var halfWidth = StudentT.Quantile(0.975, n - 2) * Math.Sqrt(residuals / (n - 2) / sxx);
            (low, high) = (slope - halfWidth, slope + halfWidth);
        }
        double? r2 = syy > 0 ? 1 - residuals / syy : null;
        return new TrendLine(series.Name, TrendMethod.Ols, origin, intercept, slope, n, low, high, r2);
    }

    /// <summary>
    /// Theil-Sen: slope = median of (yj−yi)/(xj−xi) over all pairs, intercept = median of y−slope×x. The 95 % interval
    /// is Sen's: the order statistics of the pairwise slopes around the median, at ±z×sqrt(n(n−1)(2n+5)/18) ranks
    /// (no tie correction). All pairs are compared: O(n²), fine for daily series of a few years.
    /// </summary>
    public static TrendLine TheilSen(Series series)
    {
        var (origin, x, y) = Axes(series);
        var n = x.Length;
        var slopes = new double[n * (n - 1) / 2];
        var k = 0;
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                slopes[k++] = (y[j] - y[i]) / (x[j] - x[i]);
            }
        }
        Array.Sort(slopes);
        var slope = SortedMedian(slopes);
        var offsets = new double[n];
        for (var i = 0; i < n; i++)
        {
            offsets[i] = y[i] - slope * x[i];
        }
        Array.Sort(offsets);
        var intercept = SortedMedian(offsets);
        double? low = null, high = null;
        var c = Z975 * Math.Sqrt(n * (n - 1.0) * (2 * n + 5) / 18);
        var lowerRank = (int)Math.Floor((slopes.Length - c) / 2);
        var upperRank = (int)Math.Ceiling((slopes.Length + c) / 2);
        if (lowerRank >= 1 && upperRank <= slopes.Length)
        {
            (low, high) = (slopes[lowerRank - 1], slopes[upperRank - 1]);
        }
        return new TrendLine(series.Name, TrendMethod.TheilSen, origin, intercept, slope, n, low, high, null);
    }

    private static (DateOnly Origin, double[] X, double[] Y) Axes(Series series)
    {
        if (series.Count < 2)
        {
            throw new MaoFormatException(series.Name, $"series '{series.Name}' has {series.Count} point(s): a trend needs at least 2");
        }
        var origin = series.First;
        return (origin,
            series.Points.Select(p => (double)(p.Date.DayNumber - origin.DayNumber)).ToArray(),
            series.Points.Select(p => p.Value).ToArray());
    }

    private static double SortedMedian(double[] sorted) =>
        sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}
