using Mao.Federation.Dcc;

namespace Mao.Federation.Tests.Dcc;

public class PythonTextTests
{
    [Theory]
    [InlineData(300.0, "300.0")]
    [InlineData(1.5, "1.5")]
    [InlineData(-2.25, "-2.25")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(1.5e-7, "1.5e-07")]
    [InlineData(1e15, "1000000000000000.0")]
    [InlineData(1e16, "1e+16")]
    [InlineData(123456789012345678.0, "1.2345678901234568e+17")]
    [InlineData(0.1, "0.1")]
    [InlineData(1.0 / 3, "0.3333333333333333")]
    [InlineData(0.0, "0.0")]
    public void Float_Value_PrintsLikePythonRepr(double value, string expected)
    {
        Assert.Equal(expected, PythonText.Float(value));
    }

    [Fact]
    public void JsonString_NonAscii_EscapedLikeJsonDumps()
    {
        Assert.Equal("\"caf\\u00e9 \\\"q\\\" \\\\\"", PythonText.JsonString("café \"q\" \\"));
    }
}
