using Mao.Tools.Dockerfile.Linting;

namespace Mao.Tools.Tests.Dockerfile;

public class PragmaTests
{
    private static string[] Rules(params string[] lines) =>
        new DockerfileLinter().Lint(DockerfileText.Of(lines), "Dockerfile").Findings.Select(f => $"{f.Line}:{f.Rule}").ToArray();

    private const string AptInstall = "RUN apt-get update && apt-get install -y curl";

    [Fact]
    public void Lint_WithoutPragma_ReportsAll()
    {
        Assert.Equal(["1:DL3006", "2:DL3008", "2:DL3009", "2:DL3015"], Rules("FROM debian", AptInstall));
    }

    [Fact]
    public void Lint_IgnorePragmaOnLineBefore_SilencesListedRulesOfThatInstruction()
    {
        Assert.Equal(["1:DL3006", "3:DL3015", "4:DL3008", "4:DL3009", "4:DL3015", "4:DL3059"],
            Rules("FROM debian", "# hadolint ignore=DL3008, DL3009 # we accept these because ...", AptInstall, AptInstall));
    }

    [Fact]
    public void Lint_IgnorePragmaNotDirectlyBefore_DoesNothing()
    {
        Assert.Equal(["1:DL3006", "4:DL3008", "4:DL3009", "4:DL3015"], Rules("FROM debian", "# hadolint ignore=DL3008,DL3009,DL3015", "", AptInstall));
    }

    [Fact]
    public void Lint_GlobalIgnore_SilencesTheRuleEverywhere()
    {
        Assert.Equal(["3:DL3009", "3:DL3015"], Rules("FROM debian", "# hadolint global ignore=DL3006,DL3008", AptInstall));
    }

    [Fact]
    public void Lint_StageIgnore_AppliesUntilTheNextFrom()
    {
        Assert.Equal(["4:DL3007"], Rules("FROM alpine:3.20", "# hadolint stage ignore=DL3007", "RUN true", "FROM alpine:latest"));
        Assert.Empty(Rules("FROM alpine:3.20", "# hadolint stage ignore=DL3059", "RUN a", "RUN b"));
    }

    [Fact]
    public void Lint_MalformedPragma_IsAnOrdinaryComment()
    {
        Assert.Equal(["2:DL3006"], Rules("# hadolint ignore DL3006", "FROM debian"));
    }

    [Fact]
    public void Lint_PragmaCannotHideSyntaxErrors()
    {
        Assert.Equal(["2:DL1000"], Rules("# hadolint global ignore=DL1000", "FROM alpine:3.20 AS"));
    }

    [Fact]
    public void Lint_ShellPragma_TreatsFollowingRunsAsNonPosix()
    {
        Assert.Empty(Rules("FROM mcr.microsoft.com/powershell:7.4-ubuntu-22.04", "# hadolint shell=pwsh", "RUN cd C:/ ; Get-Process | Stop-Process"));
        Assert.Equal(["2:DL3003", "2:DL4006"], Rules("FROM mcr.microsoft.com/powershell:7.4-ubuntu-22.04", "RUN cd C:/ ; Get-Process | Stop-Process"));
    }
}
