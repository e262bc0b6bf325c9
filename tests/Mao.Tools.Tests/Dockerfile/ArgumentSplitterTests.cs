using Mao.Tools.Dockerfile.Syntax;

namespace Mao.Tools.Tests.Dockerfile;

public class ArgumentSplitterTests
{
    [Fact]
    public void Words_QuotesAndEscapes_AreRemoved()
    {
        var words = ArgumentSplitter.Words("a \"b c\" 'd e' f\\ g \"h\\\"i\"", '\\', out var error);

        Assert.Null(error);
        Assert.Equal(["a", "b c", "d e", "f g", "h\"i"], words);
    }

    [Fact]
    public void Pairs_LegacyForm_TakesTheRestAsValue()
    {
        var pairs = ArgumentSplitter.Pairs("PATH /usr/local/bin:$PATH", '\\', valueOptional: false, out var error);

        Assert.Null(error);
        Assert.Equal([new KeyValuePair<string, string?>("PATH", "/usr/local/bin:$PATH")], pairs);
    }

    [Fact]
    public void Pairs_KeyValueForm_ReadsEveryPair()
    {
        var pairs = ArgumentSplitter.Pairs("A=1 B=\"two words\" C=", '\\', valueOptional: false, out var error);

        Assert.Null(error);
        Assert.Equal(["A=1", "B=two words", "C="], pairs.Select(p => $"{p.Key}={p.Value}"));
    }

    [Fact]
    public void Pairs_ArgWithoutDefault_HasNullValue()
    {
        var pairs = ArgumentSplitter.Pairs("VERSION BASE=alpine", '\\', valueOptional: true, out var error);

        Assert.Null(error);
        Assert.Null(pairs[0].Value);
        Assert.Equal("alpine", pairs[1].Value);
    }
}
