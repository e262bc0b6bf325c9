using System.Text;
using Mao.Core;
using Mao.Federation.Dcc;
using Mao.Testing.Fuzz;
using Xunit.Abstractions;

namespace Mao.Federation.Tests.Fuzz;

/// <summary>The consensus prototype's layout (meta.json plus CSVs per site) read from memory, one file hostile at a time.</summary>
[Trait("Category", "Fuzz")]
public sealed class DccFuzz(ITestOutputHelper output)
{
    private const string Meta = "[{\"prefix\":\"2000\",\"index\":\"artifact\",\"metrics\":[\"latency\"],\"props\":[\"os\",\"layers\"]}]";

    private const string Csv = "artifact,latency,os,layers,note\nnginx:1,12.5,linux,7,\"a, b\"\nredis:7,3.25,linux,5,\nwin:1,40,windows,,\"say \"\"hi\"\"\"\n";

    private sealed class MemorySite(string name, Dictionary<string, byte[]> files) : IDccSite
    {
        public string Name => name;
        public IReadOnlyList<string> FileNames() => files.Keys.Order(StringComparer.Ordinal).ToArray();
        public Stream Open(string fileName) => new MemoryStream(files[fileName], writable: false);
        public string Describe(string fileName) => $"branch {name}: {fileName}";
    }

    [Fact]
    public void Read_HostileCsvAtOneSite_ReadsOrIsAFormatError() =>
        Fuzz("dcc-csv", Encoding.UTF8.GetBytes(Csv), input => Sites(Encoding.UTF8.GetBytes(Meta), input));

    [Fact]
    public void Read_HostileMetaJson_ReadsOrIsAFormatError() =>
        Fuzz("dcc-meta", Encoding.UTF8.GetBytes(Meta), input => Sites(input, Encoding.UTF8.GetBytes(Csv)));

    [Fact]
    public void MetaParse_HostileText_ParsesOrIsAFormatError()
    {
        var report = new FuzzRunner("dcc-meta-parse", output).Run([Encoding.UTF8.GetBytes(Meta)], input =>
        {
            var specs = DccMeta.Parse(Encoding.UTF8.GetString(input), "meta.json");
            Assert.All(specs, s => Assert.False(string.IsNullOrWhiteSpace(s.Prefix) || string.IsNullOrWhiteSpace(s.Index)));
        }, typeof(MaoFormatException));

        Assert.True(report.Accepted >= 1, "the unmutated seed must parse");
    }

    private void Fuzz(string parser, byte[] seed, Func<byte[], IReadOnlyList<IDccSite>> sites)
    {
        var report = new FuzzRunner(parser, output).Run([seed], input =>
        {
            var prefixes = DccDataset.Read(sites(input), DateTimeOffset.UnixEpoch, "fuzz");
            // Both sites vote on every prefix; a key appears once per site.
            Assert.All(prefixes, p => Assert.Equal(2, p.Sites.Count));
        }, typeof(MaoFormatException));

        Assert.True(report.Accepted >= 1, "the unmutated seed must read");
    }

    /// <summary>Site a gets the hostile file; site b the good one, so the check across sites runs too.</summary>
    private static IReadOnlyList<IDccSite> Sites(byte[] metaA, byte[] csvA) =>
    [
        new MemorySite("a", new() { ["meta.json"] = metaA, ["2000.csv"] = csvA }),
        new MemorySite("b", new() { ["meta.json"] = Encoding.UTF8.GetBytes(Meta), ["2000.csv"] = Encoding.UTF8.GetBytes(Csv) }),
    ];
}
