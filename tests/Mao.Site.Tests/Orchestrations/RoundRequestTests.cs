using Mao.Core;
using Mao.Orchestrations.Rounds;

namespace Mao.Site.Tests.Orchestrations;

public sealed class RoundRequestTests
{
    private static readonly SnapshotPointer Pointer = new(new string('a', 64), "/tmp/x.jsonl");

    private static RoundRequest Valid() => new("bench", "r1", "site-a", Pointer, ["site-b"], new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));

    [Fact]
    public void Validate_WellFormed_Passes() => Valid().Validate("test");

    [Theory]
    [InlineData("Bad Tool", "tool")]
    [InlineData("../etc", "tool")]
    public void Validate_BadTool_NamesIt(string tool, string expected)
    {
        var error = Assert.Throws<MaoFormatException>(() => (Valid() with { Tool = tool }).Validate("start request"));
        Assert.Contains(expected, error.Message);
        Assert.StartsWith("start request", error.Message);
    }

    [Fact]
    public void Validate_DuplicatePeer_IsRefused() =>
        Assert.Contains("listed twice", Assert.Throws<MaoFormatException>(() => (Valid() with { ExpectedPeers = ["site-b", "site-b"] }).Validate("t")).Message);

    [Fact]
    public void Validate_LocalTimeDeadline_IsRefused() =>
        Assert.Contains("UTC", Assert.Throws<MaoFormatException>(() => (Valid() with { AnswersDue = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Local) }).Validate("t")).Message);

    [Fact]
    public void Validate_PointerWithoutHexContentId_IsRefused() =>
        Assert.Contains("SHA-256", Assert.Throws<MaoFormatException>(() => (Valid() with { LocalSnapshot = Pointer with { ContentId = "xyz" } }).Validate("t")).Message);
}
