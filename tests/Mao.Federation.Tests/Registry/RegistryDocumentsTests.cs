using Mao.Core;
using Mao.Core.Serialization;
using Mao.Federation.Identity;
using Mao.Federation.Registry;
using Mao.Federation.Registry.Documents;
using Mao.Federation.Tests.Identity;

namespace Mao.Federation.Tests.Registry;

public sealed class RegistryDocumentsTests
{
    private static readonly SiteCard Card = new("site-a", "Site A", "https://a.example/",
        new SitePublicKey("0123456789abcdef0123456789abcdef", "AAAA"), ["dockerhub-arch"], 1);

    [Fact]
    public void Parse_WrittenCard_RoundTrips()
    {
        var parsed = RegistryDocuments.Parse<SiteCard>(MaoJson.Write(Card), "/mao/sites/site-a");

        Assert.Equal(Card.Site, parsed.Site);
        Assert.Equal(Card.Tools, parsed.Tools);
    }

    [Fact]
    public void Parse_UnknownSchemaVersion_NamesVersionAndKey()
    {
        var json = MaoJson.Write(Card).Replace("mao.site/1", "mao.site/9", StringComparison.Ordinal);

        var error = Assert.Throws<MaoFormatException>(() => RegistryDocuments.Parse<SiteCard>(json, "/mao/sites/site-a"));
        Assert.Contains("unknown schema version 'mao.site/9'", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("/mao/sites/site-a", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"format\":\"mao.site/1\",")]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("{\"site\":\"site-a\"}")]
    public void Parse_MalformedJson_ClearError(string json)
    {
        var error = Assert.Throws<MaoFormatException>(() => RegistryDocuments.Parse<SiteCard>(json, "/mao/sites/site-a"));
        Assert.Equal("/mao/sites/site-a", error.Where);
    }

    [Fact]
    public void Parse_UnknownProperty_Refused()
    {
        var json = MaoJson.Write(Card).Replace("\"cardVersion\"", "\"admin\":true,\"cardVersion\"", StringComparison.Ordinal);

        var error = Assert.Throws<MaoFormatException>(() => RegistryDocuments.Parse<SiteCard>(json, "k"));
        Assert.Contains("admin", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DocumentOfAnotherKind_NamesBoth()
    {
        var json = MaoJson.Write(new Notification("dockerhub-arch", "2026-11-01", "site-a", 1, "records", new DateOnly(2026, 11, 1), 120, 100, "robust-z", "warning", DateTimeOffset.UnixEpoch));

        var error = Assert.Throws<MaoFormatException>(() => RegistryDocuments.Parse<SiteCard>(json, "k"));
        Assert.Contains("expected a 'mao.site/1' document, found 'mao.notification/2'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_CardWithBadSiteName_Refused()
    {
        var json = MaoJson.Write(Card with { Site = "../../etc" });

        var error = Assert.Throws<MaoFormatException>(() => RegistryDocuments.Parse<SiteCard>(json, "k"));
        Assert.Contains("site name", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("..")]
    [InlineData("tool\u0001x")]
    [InlineData("")]
    [InlineData("UPPER")]
    public void KeyLayout_BadNames_RefusedBeforeReachingEtcd(string name)
    {
        var keys = new KeyLayout();

        var error = Assert.Throws<MaoFormatException>(() => keys.Answer(name, "r1", "site-a"));
        Assert.Contains("is not a valid id", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\u0001", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KeyLayout_OverLongId_RefusedAndShortened()
    {
        var error = Assert.Throws<MaoFormatException>(() => new KeyLayout().Site(new string('a', 5000)));

        Assert.Contains("5000 chars", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 400);
    }

    [Fact]
    public void RoundAnswer_AcceptWithSnapshot_Refused() =>
        Assert.Throws<MaoFormatException>(() =>
            (SignedMessages.Answer() with { Kind = AnswerKind.Accept }).Validate("k"));
}
