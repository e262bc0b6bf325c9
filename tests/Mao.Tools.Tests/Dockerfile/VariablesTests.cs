using Mao.Tools.Dockerfile.Syntax;

namespace Mao.Tools.Tests.Dockerfile;

public class VariablesTests
{
    private static readonly Dictionary<string, string> Values = new(StringComparer.Ordinal) { ["TAG"] = "3.20", ["EMPTY"] = "" };

    [Theory]
    [InlineData("alpine:$TAG", "alpine:3.20", true)]
    [InlineData("alpine:${TAG}-x", "alpine:3.20-x", true)]
    [InlineData("${MISSING:-fallback}", "fallback", true)]
    [InlineData("${EMPTY:-fallback}", "fallback", true)]
    [InlineData("${EMPTY-fallback}", "", true)]
    [InlineData("${TAG:+set}", "set", true)]
    [InlineData("${MISSING:+set}", "", true)]
    [InlineData("$MISSING/x", "$MISSING/x", false)]
    [InlineData("${MISSING}", "${MISSING}", false)]
    [InlineData("\\$TAG", "$TAG", true)]
    [InlineData("${TAG%%.*}", "${TAG%%.*}", false)]
    [InlineData("cost: $", "cost: $", true)]
    [InlineData("${unclosed", "${unclosed", false)]
    public void Expand_Forms_SubstituteLikeBuildKit(string text, string expected, bool expectedResolved)
    {
        var result = Variables.Expand(text, Values, '\\', out var resolved);

        Assert.Equal(expected, result);
        Assert.Equal(expectedResolved, resolved);
    }

    [Fact]
    public void Expand_BacktickEscape_KeepsDollarLiteral()
    {
        Assert.Equal("$TAG", Variables.Expand("`$TAG", Values, '`', out _));
    }
}
