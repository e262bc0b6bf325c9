using System.Text.Json;
using Mao.Cli.Commands;
using Mao.Testing;

namespace Mao.Cli.Tests;

public class SeriesCommandTests
{
    [Fact]
    public void Json_PointsAndOlsSlope_MatchAnIndependentComputation()
    {
        var output = new StringWriter();
        var exit = new SeriesCommand(output).Build().Parse([RecordedArch.Path, "-m", "ARM=arm_images+arm64_images", "--json"]).Invoke();
        Assert.True(exit == 0, output.ToString());

        using var json = JsonDocument.Parse(output.ToString());
        var series = json.RootElement.GetProperty("series").EnumerateArray().Single();
        var expected = RecordedArch.Sum("arm_images", "arm64_images");
        Assert.Equal("ARM", series.GetProperty("name").GetString());
        Assert.Equal(expected.Keys.Select(d => d.ToString("yyyy-MM-dd")), series.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("date").GetString()));
        Assert.Equal(expected.Values, series.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("value").GetDouble()));
        var ols = series.GetProperty("trends").EnumerateArray().Single(t => t.GetProperty("method").GetString() == "ols");
        Assert.Equal(RecordedArch.OlsSlopePerDay(expected) * 30.44, ols.GetProperty("slopePerMonth").GetDouble(), 9);
        Assert.InRange(ols.GetProperty("slopePerMonth").GetDouble(), ols.GetProperty("slopePerMonthLow").GetDouble(), ols.GetProperty("slopePerMonthHigh").GetDouble());
        Assert.Equal(expected.Values.Last() - expected.Values.First(), series.GetProperty("change").GetProperty("absolute").GetDouble());
    }

    [Fact]
    public void JsonOutput_ReadBack_GivesTheSameTable()
    {
        using var folder = new TempFolder("mao-series");
        var first = new StringWriter();
        new SeriesCommand(first).Build().Parse([RecordedArch.Path, "-m", "amd64_images", "-m", "windows_images", "--json"]).Invoke();
        var file = folder.Combine("series.json");
        File.WriteAllText(file, first.ToString());
        var fromCsv = new StringWriter();
        var fromJson = new StringWriter();

        new SeriesCommand(fromCsv).Build().Parse([RecordedArch.Path, "-m", "amd64_images", "-m", "windows_images", "--points"]).Invoke();
        new SeriesCommand(fromJson).Build().Parse([file, "--points"]).Invoke();

        Assert.Equal(fromCsv.ToString(), fromJson.ToString());
        Assert.Contains("2019-11-11", fromCsv.ToString());
    }

    [Fact]
    public void Table_ShowsMissingDaysAndBothTrends()
    {
        var output = new StringWriter();
        new SeriesCommand(output).Build().Parse([RecordedArch.Path, "-m", "x86-64=amd64_images"]).Invoke();
        var line = output.ToString().Split('\n').Single(l => l.Contains("x86-64"));
        var cells = line.Split('│', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["x86-64", "209", "2019-11-11", "2020-06-17", "11"], cells[..5]);
        Assert.Equal((RecordedArch.OlsSlopePerDay(RecordedArch.Sum("amd64_images")) * 30.44).ToString("+0.0", System.Globalization.CultureInfo.InvariantCulture), cells[6].Split(' ')[0]);
    }

    [Theory]
    [InlineData(new[] { "--from", "2020-02-30" }, "mao series: --from: '2020-02-30' is not a day (expected yyyy-MM-dd)")]
    [InlineData(new[] { "-m", "ARM=arm_images+arm65_images" }, "no series 'arm65_images'")]
    [InlineData(new[] { "--from", "2020-05-01", "--to", "2020-04-01" }, "--from 2020-05-01 is after --to 2020-04-01")]
    public void BadArguments_AreOneLineErrorsWithExitCode1(string[] args, string message)
    {
        var output = new StringWriter();
        var exit = new SeriesCommand(output).Build().Parse([RecordedArch.Path, .. args]).Invoke();
        Assert.Equal(1, exit);
        Assert.Contains(message, output.ToString());
    }

    [Fact]
    public void MissingFile_IsExitCode2()
    {
        var output = new StringWriter();
        Assert.Equal(2, new SeriesCommand(output).Build().Parse(["/no/such/file.csv"]).Invoke());
        Assert.Contains("/no/such/file.csv: no such file", output.ToString());
    }
}
