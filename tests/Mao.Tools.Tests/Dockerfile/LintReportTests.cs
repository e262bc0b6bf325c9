using System.Text.Json;
using Mao.Tools.Dockerfile.Linting;

namespace Mao.Tools.Tests.Dockerfile;

public class LintReportTests
{
    private static readonly LintResult Broken = new DockerfileLinter().Lint(DockerfileText.Of("FROM debian", "FOO 'x'"), "app/Dockerfile");
    private static readonly LintResult Warned = new DockerfileLinter().Lint(DockerfileText.Of("FROM debian"), "other/Dockerfile");
    private static readonly LintResult Clean = new DockerfileLinter().Lint(DockerfileText.Of("FROM alpine:3.20"), "clean/Dockerfile");

    [Fact]
    public async Task WriteText_OneLinePerFindingWithFileLineRuleSeverity()
    {
        var output = new StringWriter();

        await LintReport.WriteTextAsync([Broken, Clean], output);

        Assert.Equal(
            ["app/Dockerfile:1 DL3006 warning: Always tag the version of an image explicitly (debian)", "app/Dockerfile:2 DL1000 error: unknown instruction 'FOO'"],
            output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')));
    }

    [Fact]
    public async Task WriteJson_IsAnArrayOfFindingObjects()
    {
        var output = new StringWriter();

        await LintReport.WriteJsonAsync([Broken, Clean], output);

        using var json = JsonDocument.Parse(output.ToString());
        var items = json.RootElement.EnumerateArray().ToArray();
        Assert.Equal(2, items.Length);
        Assert.Equal("app/Dockerfile", items[1].GetProperty("file").GetString());
        Assert.Equal(2, items[1].GetProperty("line").GetInt32());
        Assert.Equal("DL1000", items[1].GetProperty("rule").GetString());
        Assert.Equal("error", items[1].GetProperty("severity").GetString());
        Assert.Contains("unknown instruction 'FOO'", output.ToString(), StringComparison.Ordinal); // not \u0027-escaped
    }

    [Fact]
    public void ExitCode_ErrorsUnreadableAndWarnings()
    {
        Assert.Equal(0, LintReport.ExitCode([Clean, Warned], anyUnreadable: false));
        Assert.Equal(LintReport.ExitErrors, LintReport.ExitCode([Clean, Broken], anyUnreadable: false));
        Assert.Equal(LintReport.ExitUnreadable, LintReport.ExitCode([Clean], anyUnreadable: true));
    }

    [Fact]
    public async Task LintFileAsync_MissingFile_ThrowsNamingIt()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"mao-missing-{Guid.NewGuid():N}", "Dockerfile");

        var error = await Assert.ThrowsAnyAsync<IOException>(() => new DockerfileLinter().LintFileAsync(missing));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }
}
