using System.Text;
using Mao.Core.Insights;
using Mao.Testing;
using static Mao.Core.Tests.Insights.InsightsData;

namespace Mao.Core.Tests.Insights;

public class SeriesCsvTests
{
    private static SeriesTable Parse(string text) => SeriesCsv.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)), "test.csv");

    [Fact]
    public void RecordedArchitectureCsv_EqualsANaiveParse()
    {
        var table = SeriesCsv.ReadFile(SharedData.Path(ArchCsv));
        var naive = NaiveArchColumns();
        Assert.Equal(naive.Keys, table.Names);
        foreach (var (name, values) in naive)
        {
            var series = table.Get(name);
            Assert.Equal(values.Keys, series.Points.Select(p => p.Date));
            Assert.Equal(values.Values, series.Points.Select(p => p.Value));
        }
        Assert.Equal(209, table.Get("amd64_images").Count);
        // The recorded file has gaps: 209 rows over 220 days; they stay gaps.
        Assert.Equal(new DateOnly(2020, 6, 17).DayNumber - new DateOnly(2019, 11, 11).DayNumber + 1 - 209, table.Get("amd64_images").MissingDays().Count());
    }

    [Fact]
    public void RecordedAwsSarStatistics_WithHashHeader_Read()
    {
        var table = SeriesCsv.ReadFile(SharedData.Path("data/aws-sar/autostats.csv"));
        Assert.Equal(["total", "nocaps", "caps"], table.Names);
        // The file repeats the row of 2019-01-04 word for word: it counts once.
        var days = File.ReadAllLines(SharedData.Path("data/aws-sar/autostats.csv")).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')[0]).ToArray();
        Assert.Equal(days.Length - 1, days.Distinct().Count());
        Assert.Equal(days.Length - 1, table.Get("total").Count);
        Assert.Equal(260, table.Get("total").Points[0].Value);
    }

    [Fact]
    public void EmptyCell_IsAGap_NotAZero()
    {
        var table = Parse("date,a,b\n2020-01-01,1,2\n2020-01-02,,3\n2020-01-04,5,\n");
        Assert.Equal([new DateOnly(2020, 1, 1), new DateOnly(2020, 1, 4)], table.Get("a").Points.Select(p => p.Date));
        Assert.Equal([2.0, 3], table.Get("b").Points.Select(p => p.Value));
        Assert.Equal([new DateOnly(2020, 1, 1)], Series.Sum("a+b", [table.Get("a"), table.Get("b")]).Points.Select(p => p.Date));
    }

    [Fact]
    public void IdenticalRepeatedRow_IsReadOnce()
    {
        var table = Parse("date,a\n2020-01-01,1\n2020-01-01,1\n2020-01-02,2\n");
        Assert.Equal([1.0, 2], table.Get("a").Points.Select(p => p.Value));
    }

    [Fact]
    public void SupportColumn_IsEveryPointsSupport()
    {
        var table = Parse("date,a,support\n2020-01-01,1,3\n2020-01-02,2,\n");
        Assert.Equal(["a"], table.Names);
        Assert.Equal([3, (int?)null], table.Get("a").Points.Select(p => p.Support));
    }

    [Theory]
    [InlineData("date,a\n2020-01-01,1\n2020-13-01,2\n", "test.csv:3 (column 'date'): '2020-13-01' is not a date (expected yyyy-MM-dd)")]
    [InlineData("date,a\n2020-01-01,x\n", "test.csv:2 (column 'a'): 'x' is not a number")]
    [InlineData("date,a\n2020-01-01,1\n2020-01-01 00:00:00,2\n", "test.csv:3 (column 'date'): date 2020-01-01 appears twice with different values (first on line 2): one row per day")]
    [InlineData("date,a\n2020-01-01 12:00:00,1\n", "test.csv:2 (column 'date'): '2020-01-01 12:00:00' is not a whole day: a series has one value per day")]
    [InlineData("date,a,support\n2020-01-01,1,1.5\n", "test.csv:2 (column 'support'): '1.5' is not a count of sites")]
    [InlineData("date\n2020-01-01\n", "test.csv:1: a time-series CSV needs a date column and at least one value column")]
    [InlineData("date,a\n", "test.csv: no rows after the header")]
    public void BadInput_IsAnErrorNamingFileLineAndColumn(string csv, string message) =>
        Assert.Equal(message, Assert.Throws<MaoFormatException>(() => Parse(csv)).Message);

    [Fact]
    public void UnknownSeries_ListsTheKnownOnes()
    {
        var error = Assert.Throws<MaoFormatException>(() => Parse("date,a,b\n2020-01-01,1,2\n").Get("c"));
        Assert.Equal("test.csv: no series 'c' (has: a, b)", error.Message);
    }
}
