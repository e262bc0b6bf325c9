using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Xunit;
using Mao.Core.Insights;
using static Mao.Core.Tests.Insights.InsightsData;

namespace Mao.Core.Tests.Insights;

public class SeriesJsonTests
{
    [Property(MaxTest = 100)]
    public bool WriteThenRead_GivesTheSamePoints(NonEmptyArray<PositiveInt> steps, NormalFloat[] values, bool withSupport)
    {
        var offsets = Offsets(steps.Get.Select(s => s.Get % 5 + 1));
        var series = new Series("a b", offsets.Select((o, i) => new SeriesPoint(Day0.AddDays(o), i < values.Length ? values[i].Get : 0, withSupport ? i % 4 : null)));
        using var buffer = new MemoryStream();
        SeriesJson.Write(buffer, [series], [TrendMethod.Ols, TrendMethod.TheilSen]);
        var back = SeriesJson.Read(new MemoryStream(buffer.ToArray()), "t.json").Single();
        return back.Name == "a b" && back.Points.SequenceEqual(series.Points);
    }

    [Fact]
    public void Trends_AreWrittenWithTheirIntervals()
    {
        var series = Line("s", [0, 1, 3, 7], o => 2.0 * o + 1);
        using var buffer = new MemoryStream();
        SeriesJson.Write(buffer, [series], [TrendMethod.Ols]);
        using var json = JsonDocument.Parse(buffer.ToArray());
        var trend = json.RootElement.GetProperty("series")[0].GetProperty("trends")[0];
        Assert.Equal("ols", trend.GetProperty("method").GetString());
        Assert.Equal(2 * 30.44, trend.GetProperty("slopePerMonth").GetDouble(), 9);
        Assert.Equal(14.0, json.RootElement.GetProperty("series")[0].GetProperty("change").GetProperty("absolute").GetDouble());
    }

    [Theory]
    [InlineData("{", "t.json: not valid JSON")]
    [InlineData("{\"format\":\"other\"}", "t.json: not a series file: expected \"format\": \"mao.series/1\"")]
    [InlineData("{\"format\":\"mao.series/1\",\"series\":[{\"name\":\"a\",\"points\":[{\"date\":\"2020-02-30\",\"value\":1}]}]}",
        "t.json: series[0].points[0]: a point needs \"date\" as \"yyyy-MM-dd\"")]
    [InlineData("{\"format\":\"mao.series/1\",\"series\":[{\"name\":\"a\",\"points\":[{\"date\":\"2020-02-03\",\"value\":\"1\"}]}]}",
        "t.json: series[0].points[0]: a point needs a numeric \"value\"")]
    public void BadFile_IsAnErrorNamingWhere(string json, string start)
    {
        var error = Assert.Throws<MaoFormatException>(() => SeriesJson.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)), "t.json"));
        Assert.StartsWith(start, error.Message);
    }
}
