using Mao.Tools.Dockerfile.Syntax;

namespace Mao.Tools.Tests.Dockerfile;

public class ParserErrorTests
{
    private static DockerfileDocument Parse(params string[] lines) => DockerfileParser.Parse(DockerfileText.Of(lines), "Dockerfile");

    [Theory]
    [InlineData("FORM alpine:3.20", "unknown instruction 'FORM'")]
    [InlineData("RUN", "RUN requires at least one argument")]
    [InlineData("COPY --from=build", "COPY has flags but no arguments")]
    [InlineData("COPY onlyone", "COPY needs at least a source and a destination")]
    [InlineData("COPY [\"onlyone\"]", "COPY needs at least a source and a destination")]
    [InlineData("FROM alpine:3.20 build", "FROM takes an image")]
    [InlineData("FROM alpine:3.20 IS build", "FROM expects 'AS'")]
    [InlineData("FROM alpine:3.20 AS 1build", "invalid stage name '1build'")]
    [InlineData("ENV JUSTAKEY", "'JUSTAKEY' has no value")]
    [InlineData("ENV A=1 B", "'B' is not of the form name=value")]
    [InlineData("ENV A=\"unclosed", "unterminated double quote")]
    [InlineData("LABEL =value", "has no name")]
    [InlineData("HEALTHCHECK --interval=5s curl localhost", "HEALTHCHECK expects CMD or NONE")]
    [InlineData("ONBUILD NOPE x", "unknown instruction 'NOPE' after ONBUILD")]
    public void Parse_BadInstruction_IsASyntaxErrorWithItsLine(string line, string expected)
    {
        var document = Parse("FROM alpine:3.20", "RUN true", line, "CMD [\"sh\"]");

        var error = Assert.Single(document.Errors);
        Assert.Equal(3, error.Line);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal(4, document.Instructions[^1].Line); // parsing went on after the error
    }

    [Fact]
    public void Parse_BinaryContent_IsOneErrorAndNoInstructions()
    {
        var document = DockerfileParser.Parse("FROM alpine\0\u0001\u0002", "image.tar");

        Assert.Single(document.Errors);
        Assert.Empty(document.Instructions);
    }

    [Fact]
    public void Parse_EmptyText_IsAnEmptyDocument()
    {
        var document = DockerfileParser.Parse("", "Dockerfile");

        Assert.Empty(document.Errors);
        Assert.Empty(document.Instructions);
    }
}
