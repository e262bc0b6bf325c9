using Mao.Tools.Dockerfile.Linting;

namespace Mao.Tools.Tests.Dockerfile;

/// <summary>Rule details beyond the basic examples, where hadolint's behaviour is specific.</summary>
public class RuleBehaviourTests
{
    private static string[] Findings(params string[] lines) =>
        new DockerfileLinter().Lint(DockerfileText.Of(lines), "Dockerfile").Findings.Select(f => $"{f.Line}:{f.Rule}").ToArray();

    [Fact]
    public void DL3009_IntermediateStageOnlyCopiedFrom_IsNotReported()
    {
        Assert.DoesNotContain("2:DL3009", Findings("FROM debian:12 AS build", "RUN apt-get update", "FROM debian:12", "COPY --from=build /x /x"));
        Assert.Contains("2:DL3009", Findings("FROM debian:12 AS base", "RUN apt-get update", "FROM base"));
    }

    [Fact]
    public void DL3002_EveryStageEndingAsRoot_IsReported()
    {
        Assert.Equal(["2:DL3002", "4:DL3002"], Findings("FROM alpine:3.20 AS a", "USER root", "FROM alpine:3.20", "USER root:root").Where(f => f.EndsWith("DL3002")));
    }

    [Fact]
    public void ShellRules_ApplyToOnbuildRunAndHeredocScripts()
    {
        Assert.Contains("2:DL3004", Findings("FROM debian:12", "ONBUILD RUN sudo make install"));
        Assert.Contains("2:DL3027", Findings("FROM debian:12", "RUN <<EOF", "apt install -y x", "EOF"));
    }

    [Fact]
    public void ShellRules_SkipPowerShellRuns()
    {
        Assert.Empty(Findings("FROM mcr.microsoft.com/windows/servercore:ltsc2022", "SHELL [\"powershell\", \"-Command\"]", "RUN cd C:\\ ; sudo x | y"));
    }

    [Fact]
    public void DL3022_StageNumberOfALaterStage_IsReported()
    {
        Assert.Contains("2:DL3022", Findings("FROM alpine:3.20", "COPY --from=1 /a /b", "FROM alpine:3.20"));
    }

    [Fact]
    public void DL3006_PreviousStageName_IsNotAnImage()
    {
        Assert.Empty(Findings("FROM golang:1.26 AS build", "FROM build AS test"));
    }

    [Fact]
    public void DL4006_ShellWithoutPipefail_DoesNotCount()
    {
        Assert.Equal(["3:DL4006"], Findings("FROM alpine:3.20", "SHELL [\"/bin/sh\", \"-c\"]", "RUN a | b"));
    }

    [Fact]
    public void SyntaxError_StillLintsTheRest()
    {
        var result = new DockerfileLinter().Lint(DockerfileText.Of("FROM debian", "FOO bar", "RUN sudo true"), "Dockerfile");

        Assert.Equal(["1:DL3006", "2:DL1000", "3:DL3004"], result.Findings.Select(f => $"{f.Line}:{f.Rule}"));
        Assert.True(result.HasErrors);
        Assert.Equal("unknown instruction 'FOO'", result.Findings[1].Message);
    }
}
