using System.Globalization;
using System.Text.Json;
using Mao.Cli.Commands;
using Mao.Testing;

namespace Mao.Cli.Tests;

public class AlertsCommandTests
{
    [Fact]
    public void PrototypeRule_Json_FlagsWhatAHandWrittenLoopFlags()
    {
        var output = new StringWriter();
        var exit = new AlertsCommand(output).Build().Parse([RecordedArch.Path, "-m", "windows_images", "--rule", "prototype", "--json"]).Invoke();
        Assert.True(exit == 0, output.ToString());

        var values = RecordedArch.Sum("windows_images");
        var v = values.Values.ToArray();
        var days = values.Keys.ToArray();
        var expected = Enumerable.Range(2, v.Length - 2).Where(i => Math.Abs(v[i] / ((v[i - 1] + v[i - 2]) / 2) - 1) > 0.06).Select(i => days[i].ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        using var json = JsonDocument.Parse(output.ToString());
        Assert.Equal(expected, json.RootElement.EnumerateArray().Select(a => a.GetProperty("date").GetString()));
        Assert.All(json.RootElement.EnumerateArray(), a => Assert.Equal("prototype", a.GetProperty("rule").GetString()));
    }

    [Fact]
    public void DocsTable_IsWhatTheSummaryCommandPrints()
    {
        // docs/insights.md carries `mao alerts <recorded csv> --summary` verbatim; regenerate it when a rule changes.
        var output = new StringWriter();
        Assert.Equal(0, new AlertsCommand(output).Build().Parse([RecordedArch.Path, "--summary"]).Invoke());
        var docs = File.ReadAllText(RepoPaths.Combine("docs", "insights.md"));
        Assert.Contains(output.ToString(), docs);
        Assert.Equal(12, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1);
    }

    [Theory]
    [InlineData(new[] { "--rule", "robust-z", "--window", "2" }, "mao alerts: --rule robust-z: the window needs at least 3 points for a median and a spread")]
    [InlineData(new[] { "--rule", "prototype", "--threshold", "-1" }, "mao alerts: --rule prototype: the relative threshold must be positive")]
    public void BadSettings_AreOneLineErrors(string[] args, string message)
    {
        var output = new StringWriter();
        Assert.Equal(1, new AlertsCommand(output).Build().Parse([RecordedArch.Path, .. args]).Invoke());
        Assert.Equal(message, output.ToString().Trim());
    }
}
