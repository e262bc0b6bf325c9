using FsCheck;
using FsCheck.Xunit;
using Mao.Core.Insights;
using Mao.Core.Insights.Alerts;
using Mao.Testing;
using static Mao.Core.Tests.Insights.InsightsData;

namespace Mao.Core.Tests.Insights;

public class AlertRuleTests
{
    /// <summary>Level 1000 with ±0.5 % uniform noise, a day missing now and then, and one spike of +30 % on day 40.</summary>
    private static Series NoisyWithSpike(int seed, int spikeDay = 40)
    {
        var random = new Random(seed);
        var offsets = Enumerable.Range(0, 80).Where(d => d == spikeDay || random.Next(7) != 0).ToArray();
        return Line("s", offsets, o => o == spikeDay ? 1300 : 1000 * (1 + 0.01 * (random.NextDouble() - 0.5)));
    }

    [Fact]
    public void Prototype_OnRecordedSeries_FlagsWhatAHandWrittenLoopFlags()
    {
        foreach (var (name, values) in NaiveArchColumns())
        {
            var v = values.Values.ToArray();
            var expected = Enumerable.Range(2, v.Length - 2)
                .Where(i => Math.Abs(v[i] - (v[i - 1] + v[i - 2]) / 2) > 0.06 * Math.Abs((v[i - 1] + v[i - 2]) / 2))
                .Select(i => values.Keys.ElementAt(i));
            var series = new Series(name, values.Select(kv => new SeriesPoint(kv.Key, kv.Value)));
            Assert.Equal(expected, new PrototypeRule().Evaluate(series).Select(a => a.Date));
        }
    }

    [Fact]
    public void Prototype_OneSpike_AlsoFlagsTheTwoDaysAfterIt()
    {
        // The spike is part of the next two means, so ordinary values after it look like drops: three alerts for one event.
        var series = Line("s", Enumerable.Range(0, 10).ToArray(), o => o == 5 ? 1300 : 1000);
        var alerts = new PrototypeRule().Evaluate(series);
        Assert.Equal([5, 6, 7], alerts.Select(a => a.Date.DayNumber - Day0.DayNumber));
        Assert.Equal((1300.0, 1000.0, AlertSeverity.Critical, true), (alerts[0].Value, alerts[0].Expected, alerts[0].Severity, alerts[0].IsSpike));
        Assert.False(alerts[1].IsSpike);
    }

    [Property(MaxTest = 100)]
    public bool NoisySeriesWithOneSpike_RobustZFlagsOnlyTheSpike_ThePrototypeAlsoTheTwoPointsAfterIt(int seed)
    {
        var series = NoisyWithSpike(seed);
        var spikeDay = Day0.AddDays(40);
        var robust = new RobustZRule().Evaluate(series);
        var prototype = new PrototypeRule().Evaluate(series);
        var afterSpike = series.Points.Where(p => p.Date > spikeDay).Take(2).Select(p => p.Date);
        return robust.Count == 1 && robust[0].Date == spikeDay && robust[0].IsSpike && robust[0].Severity == AlertSeverity.Critical
               && prototype.Select(a => a.Date).SequenceEqual(afterSpike.Prepend(spikeDay));
    }

    [Fact]
    public void RobustZ_PureGaussianNoise_RarelyAlerts()
    {
        // 400 series of 80 days, 1 % normal noise, no minimum change: the z-score alone must keep false alarms near 1 %
        // (not the 0.05 % of a known σ: median and MAD of 21 points are themselves uncertain).
        var rule = new RobustZRule(minRelativeChange: 0);
        var prototype = new PrototypeRule(0.02);
        int judged = 0, robust = 0, naive = 0;
        for (var seed = 0; seed < 400; seed++)
        {
            var random = new Random(seed);
            var series = Line("s", Enumerable.Range(0, 80).ToArray(), _ => 1000 * (1 + 0.01 * Gaussian(random)));
            judged += series.Count - rule.Window;
            robust += rule.Evaluate(series).Count;
            naive += prototype.Evaluate(series.Between(series.Points[rule.Window - 2].Date, series.Last)).Count;
        }
        // A 2σ relative rule (the prototype's 6 % on a 3 %-noise series) flags ~6 %; robust-z must stay far below.
        Assert.True(robust < 0.015 * judged, $"robust-z flagged {robust} of {judged} points");
        Assert.True(naive > 5 * robust, $"prototype at 2 % flagged {naive}, robust-z {robust}");
    }

    [Fact]
    public void RobustZ_GapsAreSkipped_NotReadAsZeros()
    {
        // Points every third day only: were the gaps zeros, every point would be a spike against them.
        var series = Line("s", Enumerable.Range(0, 40).Select(i => i * 3).ToArray(), o => 500 + o % 2);
        Assert.Empty(new RobustZRule(window: 5).Evaluate(series));
        Assert.Empty(new PrototypeRule().Evaluate(series));
        Assert.Empty(new CusumRule().Evaluate(series));
    }

    [Fact]
    public void RobustZ_FlatWindow_AnyChangeIsCritical()
    {
        var series = Line("s", Enumerable.Range(0, 20).ToArray(), o => o == 19 ? 110 : 100);
        var alert = Assert.Single(new RobustZRule(window: 5).Evaluate(series));
        Assert.Equal((AlertSeverity.Critical, double.PositiveInfinity), (alert.Severity, alert.Score));
    }

    [Fact]
    public void RobustZ_ChangeBelowTheMinimum_IsNoAlert_EvenOnAFlatWindow()
    {
        var series = Line("s", Enumerable.Range(0, 20).ToArray(), o => o == 19 ? 101 : 100);
        Assert.Empty(new RobustZRule(window: 5).Evaluate(series));
        Assert.Single(new RobustZRule(window: 5, minRelativeChange: 0).Evaluate(series));
    }

    [Fact]
    public void RobustZ_LevelShift_IsOneAlertOnItsFirstDay()
    {
        var random = new Random(3);
        var series = Line("s", Enumerable.Range(0, 60).ToArray(), o => (o < 30 ? 1000 : 1100) + 3 * Gaussian(random));
        var alert = Assert.Single(new RobustZRule().Evaluate(series));
        Assert.Equal(Day0.AddDays(30), alert.Date);
    }

    [Fact]
    public void Cusum_LastingSmallShift_IsFoundSoonAfterItStarts_AndNotBefore()
    {
        var random = new Random(11);
        // A 1.5 σ step on day 50: too small for robust-z on any one day, but it lasts.
        var series = Line("s", Enumerable.Range(0, 100).ToArray(), o => 1000 + 10 * Gaussian(random) + (o >= 50 ? 15 : 0));
        var alerts = new CusumRule().Evaluate(series);
        var first = alerts.First();
        Assert.InRange(first.Date.DayNumber - Day0.DayNumber, 50, 60);
        Assert.True(first.IsSpike);
    }

    [Theory]
    [InlineData(2, 3.5)]
    [InlineData(14, 0)]
    public void RobustZ_BadSettings_AreRejected(int window, double threshold) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new RobustZRule(window, threshold));

    [Fact]
    public void RecordedSeries_RobustZFlagsFewerPointsThanThePrototype()
    {
        var table = SeriesCsv.ReadFile(SharedData.Path(ArchCsv));
        var noisy = table.Get("windows_images");
        Assert.True(new RobustZRule().Evaluate(noisy).Count < new PrototypeRule().Evaluate(noisy).Count);
    }
}
