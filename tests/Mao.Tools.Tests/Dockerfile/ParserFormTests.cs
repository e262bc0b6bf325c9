using Mao.Tools.Dockerfile.Syntax;

namespace Mao.Tools.Tests.Dockerfile;

public class ParserFormTests
{
    private static DockerfileDocument Parse(params string[] lines) => DockerfileParser.Parse(DockerfileText.Of(lines), "Dockerfile");

    [Fact]
    public void Parse_JsonForm_GivesTheArray()
    {
        var document = Parse("FROM alpine:3.20", "ENTRYPOINT [\"/bin/tini\", \"--\"]", "CMD [ \"a b\" , \"c\\\"d\" ]");

        Assert.Equal(["/bin/tini", "--"], document.Instructions[1].Json!);
        Assert.Equal(["a b", "c\"d"], document.Instructions[2].Json!);
    }

    [Fact]
    public void Parse_ShellForm_HasNoJson()
    {
        var document = Parse("FROM alpine:3.20", "CMD echo [not json]");

        Assert.False(document.Instructions[1].IsJsonForm);
    }

    [Theory]
    [InlineData("CMD [\"unterminated]")]
    [InlineData("CMD ['single', 'quotes']")]
    [InlineData("CMD [1, 2]")]
    public void Parse_MalformedJson_FallsBackToShellForm(string line)
    {
        var document = Parse("FROM alpine:3.20", line);

        Assert.Empty(document.Errors);
        Assert.False(document.Instructions[1].IsJsonForm);
    }

    [Fact]
    public void Parse_ShellNotInJsonForm_IsASyntaxError()
    {
        var document = Parse("FROM alpine:3.20", "SHELL /bin/bash -c");

        var error = Assert.Single(document.Errors);
        Assert.Equal(2, error.Line);
        Assert.Contains("JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Heredoc_ReadsBodyUpToDelimiter()
    {
        var document = Parse("FROM alpine:3.20", "RUN <<EOF", "apk add curl", "echo $HOME", "EOF", "CMD [\"sh\"]");

        Assert.Empty(document.Errors);
        var run = document.Instructions[1];
        var heredoc = Assert.Single(run.Heredocs);
        Assert.Equal("apk add curl\necho $HOME\n", heredoc.Body);
        Assert.Equal(3, heredoc.Line);
        Assert.False(heredoc.Quoted);
        Assert.Equal(5, run.EndLine);
        Assert.Equal(6, document.Instructions[2].Line);
    }

    [Fact]
    public void Parse_HeredocWithDashAndQuotes_StripsTabsAndRemembersQuoting()
    {
        var document = Parse("FROM alpine:3.20", "COPY <<-\"END\" <<'TWO' /etc/", "\tline one", "\tEND", "two", "TWO");

        var copy = document.Instructions[1];
        Assert.Equal(2, copy.Heredocs.Count);
        Assert.Equal(new Heredoc("END", "line one\n", true, true, 3), copy.Heredocs[0]);
        Assert.Equal(new Heredoc("TWO", "two\n", false, true, 5), copy.Heredocs[1]);
        Assert.Empty(document.Errors);
    }

    [Fact]
    public void Parse_UnterminatedHeredoc_IsASyntaxErrorAtTheInstruction()
    {
        var document = Parse("FROM alpine:3.20", "RUN <<EOF", "echo never ends");

        var error = Assert.Single(document.Errors);
        Assert.Equal(2, error.Line);
        Assert.Contains("<<EOF", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_HereStringInRun_IsNotAHeredoc()
    {
        var document = Parse("FROM alpine:3.20", "RUN cat <<<hello", "CMD [\"sh\"]");

        Assert.Empty(document.Instructions[1].Heredocs);
        Assert.Equal(3, document.Instructions.Count);
    }

    [Theory]
    [InlineData("RUN echo \"a <<b\" && echo 'c <<d'")]
    [InlineData("RUN echo x<<y")]
    public void Parse_MarkerInsideQuotesOrWord_IsNotAHeredoc(string line)
    {
        var document = Parse("FROM alpine:3.20", line, "CMD [\"sh\"]");

        Assert.Empty(document.Errors);
        Assert.Empty(document.Instructions[1].Heredocs);
        Assert.Equal(3, document.Instructions[2].Line);
    }
}
