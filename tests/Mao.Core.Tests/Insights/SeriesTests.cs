using FsCheck;
using FsCheck.Xunit;
using Mao.Core.Insights;
using static Mao.Core.Tests.Insights.InsightsData;

namespace Mao.Core.Tests.Insights;

public class SeriesTests
{
    [Property(MaxTest = 200)]
    public bool Sum_OnlyDaysEveryPartHas_AndAddsTheirValues(bool[] inA, bool[] inB)
    {
        var days = Math.Min(inA.Length, inB.Length);
        var a = new Series("a", Enumerable.Range(0, days).Where(d => inA[d]).Select(d => new SeriesPoint(Day0.AddDays(d), d, 3)));
        var b = new Series("b", Enumerable.Range(0, days).Where(d => inB[d]).Select(d => new SeriesPoint(Day0.AddDays(d), 1000 + d, 2)));
        var sum = Series.Sum("a+b", [a, b]);
        var expectedDays = Enumerable.Range(0, days).Where(d => inA[d] && inB[d]).ToArray();
        return sum.Points.Select(p => p.Date).SequenceEqual(expectedDays.Select(d => Day0.AddDays(d)))
               && sum.Points.All(p => p.Value == 1000 + 2 * (p.Date.DayNumber - Day0.DayNumber) && p.Support == 2);
    }

    [Fact]
    public void Points_AreSortedByDate_WhateverTheInputOrder()
    {
        var series = new Series("s", [new(Day0.AddDays(3), 3), new(Day0, 0), new(Day0.AddDays(1), 1)]);
        Assert.Equal([0.0, 1, 3], series.Points.Select(p => p.Value));
        Assert.Equal([Day0.AddDays(2)], series.MissingDays());
    }

    [Fact]
    public void TwoPointsOnOneDay_AreAnErrorNamingTheDay()
    {
        var error = Assert.Throws<MaoFormatException>(() => new Series("amd64", [new(Day0, 1), new(Day0, 2)], "file.csv"));
        Assert.Equal("file.csv: series 'amd64' has two points on 2020-01-01: one value per day", error.Message);
    }

    [Fact]
    public void NonFiniteValue_IsAnError() =>
        Assert.Contains("non-finite", Assert.Throws<MaoFormatException>(() => new Series("s", [new(Day0, double.NaN)])).Message);

    [Fact]
    public void Change_BetweenTwoObservedDays()
    {
        var series = new Series("s", [new(Day0, 200), new(Day0.AddDays(10), 250), new(Day0.AddDays(30), 150)]);
        var change = SeriesChange.Between(series, Day0, Day0.AddDays(30));
        Assert.Equal((-50.0, -0.25, 30), (change.Absolute, change.Relative!.Value, change.Days));
    }

    [Fact]
    public void Change_ToADayWithoutPoint_NamesTheNearestObservedDays()
    {
        var series = new Series("s", [new(Day0, 200), new(Day0.AddDays(10), 250)]);
        var error = Assert.Throws<MaoFormatException>(() => SeriesChange.Between(series, Day0, Day0.AddDays(4)));
        Assert.Contains("no point on 2020-01-05 (nearest before: 2020-01-01, after: 2020-01-11)", error.Message);
    }

    [Theory]
    [InlineData("amd64_images", "amd64_images", new[] { "amd64_images" })]
    [InlineData("ARM=arm_images+arm64_images", "ARM", new[] { "arm_images", "arm64_images" })]
    [InlineData("a + b", "a + b", new[] { "a", "b" })]
    public void MetricExpression_Parses(string text, string label, string[] columns)
    {
        var metric = MetricExpression.Parse(text);
        Assert.Equal(label, metric.Label);
        Assert.Equal(columns, metric.Columns);
    }

    [Theory]
    [InlineData("")]
    [InlineData("=a")]
    [InlineData("ARM=a+")]
    public void MetricExpression_Malformed_IsAnError(string text) =>
        Assert.Throws<MaoFormatException>(() => MetricExpression.Parse(text));
}
