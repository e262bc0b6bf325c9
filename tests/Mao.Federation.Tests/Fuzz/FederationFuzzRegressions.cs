using System.Text;
using Mao.Core;
using Mao.Federation.Dcc;
using Mao.Federation.Registry.Documents;

namespace Mao.Federation.Tests.Fuzz;

/// <summary>What the fuzzers found, pinned with the exact inputs (also kept in Fuzz/Crashes and replayed there).</summary>
public sealed class FederationFuzzRegressions
{
    private static string Crash(string name) =>
        Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fuzz", "Crashes", name)));

    [Fact]
    public void Parse_LoneSurrogateEscapeInFormat_IsAFormatErrorNamingTheKey()
    {
        // "format":"mao.{\ud800site/-1e309": JsonElement.GetString threw InvalidOperationException.
        var error = Assert.Throws<MaoFormatException>(() => RegistryDocuments.Parse<SiteCard>(Crash("site-card-a97aa42791be.bin"), "/mao/sites/a"));

        Assert.Equal("/mao/sites/a", error.Where);
        Assert.Contains("not valid Unicode", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseTool_NullFieldInSchema_IsAFormatError()
    {
        // "fields":[{..},null,{..}]: MetricSchema.Validate threw NullReferenceException.
        var error = Assert.Throws<MaoFormatException>(() => RegistryDocuments.ParseTool(Crash("tool-manifest-91354533c7f8.bin"), "/mao/tools/x"));

        Assert.Equal("/mao/tools/x: schema has a null field", error.Message);
    }

    [Fact]
    public void Parse_NullLocationOrRejection_IsAFormatError()
    {
        var verified = Core.Serialization.MaoJson.Write(DocumentSeeds.Verified);
        var nullLocation = verified.Replace("\"locations\":[", "\"locations\":[null,", StringComparison.Ordinal);
        var nullRejection = verified.Replace("\"rejected\":[]", "\"rejected\":[null]", StringComparison.Ordinal);

        Assert.Contains("null location", Assert.Throws<MaoFormatException>(() => RegistryDocuments.Parse<VerifiedResult>(nullLocation, "k")).Message, StringComparison.Ordinal);
        Assert.Contains("null", Assert.Throws<MaoFormatException>(() => RegistryDocuments.Parse<VerifiedResult>(nullRejection, "k")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MetaJsonNotUtf8_IsAFormatErrorNamingTheSiteAndFile()
    {
        var meta = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fuzz", "Crashes", "dcc-meta-6d66221d8dca.bin"));
        var site = new FolderlessSite(meta);

        var error = Assert.Throws<MaoFormatException>(() => DccDataset.Read([site], DateTimeOffset.UnixEpoch, "input"));

        Assert.StartsWith("branch a: meta.json: meta.json is not valid UTF-8", error.Message, StringComparison.Ordinal);
    }

    private sealed class FolderlessSite(byte[] meta) : IDccSite
    {
        public string Name => "a";
        public IReadOnlyList<string> FileNames() => ["meta.json"];
        public Stream Open(string fileName) => new MemoryStream(meta);
        public string Describe(string fileName) => $"branch a: {fileName}";
    }
}
