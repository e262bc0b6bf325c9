using Mao.Tools.Dockerfile.Linting;
using Mao.Tools.Dockerfile.Syntax;

namespace Mao.Tools.Tests.Dockerfile;

public class LintContextTests
{
    private static LintContext Context(params string[] lines) => new(DockerfileParser.Parse(DockerfileText.Of(lines), "Dockerfile"));

    [Fact]
    public void Stages_GlobalArgs_ResolveFromImages()
    {
        var context = Context("ARG REGISTRY=registry.local:5000", "ARG TAG=3.20", "FROM ${REGISTRY}/alpine:${TAG} AS Base", "FROM base");

        Assert.Equal("registry.local:5000/alpine", context.Stages[0].Image.Name);
        Assert.Equal("3.20", context.Stages[0].Image.Tag);
        Assert.Equal("base", context.Stages[0].Alias);
        Assert.Same(context.Stages[0], context.Stages[1].BaseStage);
    }

    [Fact]
    public void Variables_GlobalArgNeedsRedeclarationInsideAStage()
    {
        var context = Context("ARG V=1", "FROM alpine:3.20", "WORKDIR /a", "ARG V", "WORKDIR /b");

        Assert.False(context.Instructions[2].Variables.ContainsKey("V"));
        Assert.Equal("1", context.Instructions[4].Variables["V"]);
    }

    [Fact]
    public void Variables_EnvIsInheritedByStagesBuiltOnTheStage()
    {
        var context = Context("FROM alpine:3.20 AS base", "ENV HOME_DIR=/srv", "FROM base", "WORKDIR $HOME_DIR", "FROM alpine:3.20", "WORKDIR /x");

        Assert.Equal("/srv", context.Instructions[3].Variables["HOME_DIR"]);
        Assert.False(context.Instructions[5].Variables.ContainsKey("HOME_DIR"));
    }

    [Fact]
    public void Variables_EarlierInstructionsKeepTheValuesTheySaw()
    {
        var context = Context("FROM alpine:3.20", "ENV A=1", "WORKDIR /a", "ENV A=2", "ARG B=3", "WORKDIR /b");

        Assert.Equal("1", context.Instructions[2].Variables["A"]);
        Assert.False(context.Instructions[2].Variables.ContainsKey("B"));
        Assert.Equal("2", context.Instructions[5].Variables["A"]);
        Assert.Equal("3", context.Instructions[5].Variables["B"]);
    }

    [Theory]
    [InlineData("FROM mcr.microsoft.com/windows/servercore:ltsc2022", false)]
    [InlineData("FROM debian:12\nSHELL [\"powershell\", \"-Command\"]", false)]
    [InlineData("FROM debian:12\nSHELL [\"C:\\\\Windows\\\\System32\\\\cmd.exe\", \"/S\", \"/C\"]", false)]
    [InlineData("FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nSHELL [\"/bin/bash\", \"-c\"]", true)]
    [InlineData("FROM debian:12", true)]
    public void PosixShell_FollowsBaseImageAndShell(string head, bool posix)
    {
        var context = new LintContext(DockerfileParser.Parse(head + "\nRUN echo hi\n", "Dockerfile"));

        Assert.Equal(posix, context.Instructions[^1].PosixShell);
    }

    [Fact]
    public void Script_HeredocRun_AnalysesTheBody()
    {
        var context = Context("FROM debian:12", "RUN <<EOF", "apt-get update", "apt-get install -y curl", "EOF", "RUN python3 <<EOF", "import os", "EOF");

        Assert.Equal(["apt-get", "apt-get"], context.Instructions[1].Script!.Commands.Select(c => c.Name));
        Assert.Equal(["python3"], context.Instructions[2].Script!.Commands.Select(c => c.Name));
    }

    [Fact]
    public void Script_OnbuildRun_IsAnalysed()
    {
        var context = Context("FROM debian:12", "ONBUILD RUN sudo make install");

        Assert.True(context.Instructions[1].IsOnbuild);
        Assert.Equal("sudo", context.Instructions[1].Script!.Commands[0].Name);
    }
}
