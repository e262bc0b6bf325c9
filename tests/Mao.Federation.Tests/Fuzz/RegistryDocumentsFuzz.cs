using System.Text;
using Mao.Core;
using Mao.Core.Serialization;
using Mao.Federation.Registry.Documents;
using Mao.Federation.Tests.Identity;
using Mao.Testing.Fuzz;
using Xunit.Abstractions;

namespace Mao.Federation.Tests.Fuzz;

[Trait("Category", "Fuzz")]
public sealed class RegistryDocumentsFuzz(ITestOutputHelper output)
{
    [Fact] public void Parse_SiteCard() => Fuzz("site-card", DocumentSeeds.Card, RegistryDocuments.Parse<SiteCard>);
    [Fact] public void Parse_DatasetLocation() => Fuzz("dataset-location", DocumentSeeds.Dataset, RegistryDocuments.Parse<DatasetLocation>);
    [Fact] public void Parse_RoundAnnouncement() => Fuzz("round-announcement", SignedMessages.Announcement(), RegistryDocuments.Parse<RoundAnnouncement>);
    [Fact] public void Parse_RoundAnswer() => Fuzz("round-answer", SignedMessages.Answer(), RegistryDocuments.Parse<RoundAnswer>);
    [Fact] public void Parse_VerifiedResult() => Fuzz("verified-result", DocumentSeeds.Verified, RegistryDocuments.Parse<VerifiedResult>);
    [Fact] public void Parse_RoundClaim() => Fuzz("round-claim", DocumentSeeds.Claim, RegistryDocuments.Parse<RoundClaim>);
    [Fact] public void Parse_Notification() => Fuzz("notification", DocumentSeeds.Note, RegistryDocuments.Parse<Notification>);
    [Fact] public void ParseTool_ToolManifest() => Fuzz("tool-manifest", DocumentSeeds.Tool, RegistryDocuments.ParseTool);

    /// <summary>Every input parses or is a format error naming the key; what parses survives being written and read again.</summary>
    private void Fuzz<T>(string parser, T seed, Func<string, string, T> parse)
    {
        var report = new FuzzRunner(parser, output).Run([DocumentSeeds.Json(seed)], input =>
        {
            var written = MaoJson.Write(parse(Encoding.UTF8.GetString(input), "/mao/fuzz"));
            Assert.Equal(written, MaoJson.Write(parse(written, "/mao/fuzz/again")));
        }, typeof(MaoFormatException));

        Assert.True(report.Accepted >= 1, "the unmutated seed must parse");
    }
}
