using FsCheck;
using FsCheck.Xunit;
using Mao.Core.Insights;
using static Mao.Core.Tests.Insights.InsightsData;

namespace Mao.Core.Tests.Insights;

public class TrendProperties
{
    private static int[] DayOffsets(NonEmptyArray<PositiveInt> steps, int minimum) =>
        Offsets(steps.Get.Select(s => s.Get % 9 + 1).Concat(Enumerable.Repeat(1, Math.Max(0, minimum - steps.Get.Length))));

    private static double Small(NormalFloat f, double limit) => f.Get % limit;

    private static bool Close(double actual, double expected, double scale) => Math.Abs(actual - expected) <= 1e-7 * Math.Max(1, scale);

    [Property(MaxTest = 300)]
    public bool Ols_ExactLine_RecoversSlopeAndIntercept(NonEmptyArray<PositiveInt> steps, NormalFloat a, NormalFloat b)
    {
        var offsets = DayOffsets(steps, 2);
        var (intercept, slope) = (Small(a, 1e4), Small(b, 100));
        var trend = Trends.Ols(Line("s", offsets, o => intercept + slope * o));
        var scale = Math.Abs(intercept) + Math.Abs(slope) * offsets[^1];
        // Origin is the first point's day, so the intercept there is the line's value on that day.
        return Close(trend.SlopePerDay, slope, scale) && Close(trend.ValueAt(Day0), intercept, scale)
               && Close(trend.SlopePerMonth, slope * 30.44, scale * 30.44);
    }

    [Property(MaxTest = 300)]
    public bool Ols_ExactLine_IntervalContainsTheTrueSlope(NonEmptyArray<PositiveInt> steps, NormalFloat a, NormalFloat b)
    {
        var offsets = DayOffsets(steps, 3);
        var (intercept, slope) = (Small(a, 1e4), Small(b, 100));
        var trend = Trends.Ols(Line("s", offsets, o => intercept + slope * o));
        var tolerance = 1e-9 * (Math.Abs(intercept) + Math.Abs(slope) * offsets[^1] + 1);
        return trend.SlopePerDayLow <= slope + tolerance && slope - tolerance <= trend.SlopePerDayHigh;
    }

    [Fact]
    public void Ols_GaussianNoise_IntervalCoversTheTrueSlopeAbout95PercentOfTheTime()
    {
        var random = new Random(20200617);
        const int Trials = 2000;
        var covered = 0;
        for (var trial = 0; trial < Trials; trial++)
        {
            var offsets = Offsets(Enumerable.Range(0, 12).Select(_ => random.Next(1, 4)));
            var noise = offsets.ToDictionary(o => o, _ => Gaussian(random) * 5);
            var trend = Trends.Ols(Line("s", offsets, o => 100 + 0.7 * o + noise[o]));
            covered += trend.SlopePerDayLow <= 0.7 && 0.7 <= trend.SlopePerDayHigh ? 1 : 0;
        }
        // Binomial(2000, 0.95) has σ ≈ 0.49 %: [93 %, 97 %] is over four σ either side.
        Assert.InRange(covered / (double)Trials, 0.93, 0.97);
    }

    [Property(MaxTest = 300)]
    public bool TheilSen_ExactLine_RecoversSlopeAndIntercept(NonEmptyArray<PositiveInt> steps, NormalFloat a, NormalFloat b)
    {
        var offsets = DayOffsets(steps, 2);
        var (intercept, slope) = (Small(a, 1e4), Small(b, 100));
        var trend = Trends.TheilSen(Line("s", offsets, o => intercept + slope * o));
        var scale = Math.Abs(intercept) + Math.Abs(slope) * offsets[^1];
        return Close(trend.SlopePerDay, slope, scale) && Close(trend.ValueAt(Day0), intercept, scale);
    }

    [Property(MaxTest = 300)]
    public bool TheilSen_MinorityOfWildOutliers_IsIgnored(PositiveInt size, NonEmptyArray<PositiveInt> picks, NormalFloat b, NormalFloat wild)
    {
        var n = size.Get % 30 + 5;
        var slope = Small(b, 50);
        // The median of pairwise slopes stays exact while clean pairs are more than half of all pairs (plus one, so
        // both middle slopes of an even count are clean); pick as many outliers as that allows.
        var outliers = new HashSet<int>();
        foreach (var pick in picks.Get)
        {
            var candidate = outliers.Append(pick.Get % n).ToHashSet();
            var clean = n - candidate.Count;
            if (clean * (clean - 1) / 2 > n * (n - 1) / 4 + 1 && clean > n / 2 + 1)
            {
                outliers = candidate;
            }
        }
        var offsets = Enumerable.Range(0, n).Select(i => i * 2).ToArray();
        var spike = 1e6 * (1 + Math.Abs(Small(wild, 10)));
        var series = Line("s", offsets, o => outliers.Contains(o / 2) ? spike * (o % 4 == 0 ? 1 : -1) : 10 + slope * o);
        var trend = Trends.TheilSen(series);
        return Close(trend.SlopePerDay, slope, Math.Abs(slope) * offsets[^1] + 10) && Close(trend.ValueAt(Day0), 10, Math.Abs(slope) * offsets[^1] + 10);
    }

    [Fact]
    public void TheilSen_OneWildOutlier_MovesOlsButNotTheilSen()
    {
        var series = Line("s", Enumerable.Range(0, 20).ToArray(), o => o == 19 ? 10_000 : 2.0 * o);
        Assert.Equal(2.0, Trends.TheilSen(series).SlopePerDay, 9);
        Assert.True(Trends.Ols(series).SlopePerDay > 100);
    }

    [Property(MaxTest = 200)]
    public bool Constant_WithGaps_HasZeroSlope(NonEmptyArray<PositiveInt> steps, PositiveInt level)
    {
        // Were gaps read as zeros, the days missing between points would pull the line down and tilt it.
        var offsets = DayOffsets(steps, 3);
        var series = Line("s", offsets, _ => level.Get);
        return Trends.Ols(series).SlopePerDay == 0 && Trends.TheilSen(series).SlopePerDay == 0
               && series.Points.All(p => p.Value == level.Get)
               && series.MissingDays().Count() == offsets[^1] - offsets[0] + 1 - offsets.Length;
    }

    [Fact]
    public void Ols_NoisyLine_HasIntervalAroundTheSlopeAndTheilSenIntervalToo()
    {
        var random = new Random(7);
        var series = Line("s", Enumerable.Range(0, 60).ToArray(), o => 3 * o + Gaussian(random));
        foreach (var trend in new[] { Trends.Ols(series), Trends.TheilSen(series) })
        {
            Assert.InRange(3.0, trend.SlopePerDayLow!.Value, trend.SlopePerDayHigh!.Value);
            Assert.True(trend.SlopePerDayHigh - trend.SlopePerDayLow < 0.1, $"{trend.Method} interval is too wide");
        }
    }

    [Fact]
    public void Trend_OnePoint_IsAClearError()
    {
        var single = Line("amd64", [0], _ => 1);
        var error = Assert.Throws<MaoFormatException>(() => Trends.Ols(single));
        Assert.Contains("'amd64' has 1 point(s)", error.Message);
    }

    [Fact]
    public void TwoPoints_HaveASlopeButNoInterval()
    {
        var trend = Trends.Ols(Line("s", [0, 10], o => o * 3.0));
        Assert.Equal(3, trend.SlopePerDay, 12);
        Assert.Null(trend.SlopePerDayLow);
    }
}
