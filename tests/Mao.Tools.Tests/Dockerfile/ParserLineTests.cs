using Mao.Tools.Dockerfile.Syntax;

namespace Mao.Tools.Tests.Dockerfile;

public class ParserLineTests
{
    private static DockerfileDocument Parse(params string[] lines) => DockerfileParser.Parse(DockerfileText.Of(lines), "Dockerfile");

    [Fact]
    public void Parse_SimpleFile_KeepsKeywordsArgumentsAndLines()
    {
        var document = Parse("FROM alpine:3.20", "", "run echo hi", "CMD [\"sh\"]");

        Assert.Empty(document.Errors);
        Assert.Equal(["FROM", "RUN", "CMD"], document.Instructions.Select(i => i.Keyword));
        Assert.Equal([1, 3, 4], document.Instructions.Select(i => i.Line));
        Assert.Equal("echo hi", document.Instructions[1].Arguments);
    }

    [Fact]
    public void Parse_LineContinuation_JoinsLinesAndRecordsEndLine()
    {
        var document = Parse("FROM alpine:3.20", "RUN apk add \\", "    curl \\  ", "    git", "USER nobody");

        var run = document.Instructions[1];
        Assert.Equal(2, run.Line);
        Assert.Equal(4, run.EndLine);
        Assert.Equal("apk add     curl     git", run.Arguments);
        Assert.Equal(5, document.Instructions[2].Line);
    }

    [Fact]
    public void Parse_CommentAndEmptyLinesInsideContinuation_AreDropped()
    {
        var document = Parse("FROM alpine:3.20", "RUN set -eux; \\", "# a comment inside", "", "\t  # indented comment", "    echo done", "CMD [\"sh\"]");

        Assert.Empty(document.Errors);
        Assert.Equal("set -eux;     echo done", document.Instructions[1].Arguments);
        Assert.Equal(6, document.Instructions[1].EndLine);
        Assert.Equal(7, document.Instructions[2].Line);
        Assert.Empty(document.Comments);
    }

    [Fact]
    public void Parse_ContinuationAtEndOfFile_EndsTheInstruction()
    {
        var document = DockerfileParser.Parse("FROM alpine:3.20\nRUN echo \\", "Dockerfile");

        Assert.Empty(document.Errors);
        Assert.Equal("echo", document.Instructions[1].Arguments.Trim());
    }

    [Fact]
    public void Parse_Comments_AreKeptWithLineAndText()
    {
        var document = Parse("# hadolint ignore=DL3006", "FROM ubuntu", "  #   spaced  ");

        Assert.Equal([new Comment(1, "hadolint ignore=DL3006"), new Comment(3, "spaced")], document.Comments);
    }

    [Fact]
    public void Parse_CrLfAndByteOrderMark_AreHandled()
    {
        var document = DockerfileParser.Parse("\uFEFFFROM alpine:3.20\r\nRUN a \\\r\n b\r\n", "Dockerfile");

        Assert.Empty(document.Errors);
        Assert.Equal("FROM", document.Instructions[0].Keyword);
        Assert.Equal("a  b", document.Instructions[1].Arguments);
    }

    [Fact]
    public void Parse_Flags_AreSeparatedFromArguments()
    {
        var document = Parse("FROM --platform=$BUILDPLATFORM golang:1.26 AS build", "COPY --from=build --link /out /bin/", "RUN --mount=type=cache,target=/root/.cache go build");

        Assert.Equal("$BUILDPLATFORM", document.Instructions[0].FlagValue("platform"));
        Assert.Equal("golang:1.26 AS build", document.Instructions[0].Arguments);
        Assert.True(document.Instructions[1].HasFlag("link"));
        Assert.Null(document.Instructions[1].FlagValue("link"));
        Assert.Equal("build", document.Instructions[1].FlagValue("from"));
        Assert.Equal(["type=cache,target=/root/.cache"], document.Instructions[2].FlagValues("mount"));
    }

    [Fact]
    public void Parse_Onbuild_ParsesTheTrigger()
    {
        var document = Parse("FROM alpine:3.20", "ONBUILD RUN --network=none make");

        var onbuild = document.Instructions[1];
        Assert.Equal("ONBUILD", onbuild.Keyword);
        Assert.NotNull(onbuild.Trigger);
        Assert.Equal("RUN", onbuild.Trigger!.Keyword);
        Assert.Equal("make", onbuild.Trigger.Arguments);
        Assert.Equal("none", onbuild.Trigger.FlagValue("network"));
    }
}
