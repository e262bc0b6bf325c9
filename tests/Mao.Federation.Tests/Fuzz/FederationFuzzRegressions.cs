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
