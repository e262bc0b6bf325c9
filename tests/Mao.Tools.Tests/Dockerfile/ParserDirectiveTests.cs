using Mao.Tools.Dockerfile.Syntax;

namespace Mao.Tools.Tests.Dockerfile;

public class ParserDirectiveTests
{
    private static DockerfileDocument Parse(params string[] lines) => DockerfileParser.Parse(DockerfileText.Of(lines), "Dockerfile");

    [Fact]
    public void Parse_SyntaxAndEscapeDirectives_AreRead()
    {
        var document = Parse("# syntax=docker/dockerfile:1.7", "# escape=`", "FROM mcr.microsoft.com/windows/servercore:ltsc2022", "RUN dir `", "    C:\\");

        Assert.Empty(document.Errors);
        Assert.Equal("docker/dockerfile:1.7", document.Directives.Syntax);
        Assert.Equal('`', document.Directives.Escape);
        Assert.Equal("dir     C:\\", document.Instructions[1].Arguments);
        Assert.Empty(document.Comments);
    }

    [Fact]
    public void Parse_DefaultEscape_BackslashAtEndOfWindowsPathContinues()
    {
        var document = Parse("FROM mcr.microsoft.com/windows/servercore:ltsc2022", "WORKDIR C:\\", "RUN dir");

        Assert.Equal(2, document.Instructions.Count);
        Assert.Equal("C:RUN dir", document.Instructions[1].Arguments);
    }

    [Fact]
    public void Parse_DirectiveAfterComment_IsAComment()
    {
        var document = Parse("# a comment first", "# escape=`", "FROM alpine:3.20");

        Assert.Equal('\\', document.Directives.Escape);
        Assert.Equal(2, document.Comments.Count);
    }

    [Fact]
    public void Parse_DirectiveAfterBlankLine_IsAComment()
    {
        var document = Parse("", "# escape=`", "FROM alpine:3.20");

        Assert.Equal('\\', document.Directives.Escape);
    }

    [Fact]
    public void Parse_DirectiveKeysAreCaseInsensitive()
    {
        var document = Parse("#  ESCAPE = `", "FROM alpine:3.20");

        Assert.Equal('`', document.Directives.Escape);
    }

    [Fact]
    public void Parse_DuplicateDirective_IsASyntaxError()
    {
        var document = Parse("# escape=`", "# escape=\\", "FROM alpine:3.20");

        var error = Assert.Single(document.Errors);
        Assert.Equal(2, error.Line);
        Assert.Contains("more than once", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_InvalidEscape_IsASyntaxError()
    {
        var document = Parse("# escape=x", "FROM alpine:3.20");

        var error = Assert.Single(document.Errors);
        Assert.Equal(1, error.Line);
        Assert.Contains("'x'", error.Message, StringComparison.Ordinal);
    }
}
