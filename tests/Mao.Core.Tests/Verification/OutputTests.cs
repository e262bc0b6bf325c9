using System.Text;
using System.Text.Json;
using Mao.Core.Csv;
using Mao.Core.Model;
using Mao.Core.Serialization;
using Mao.Core.Verification;
using Mao.Core.Verification.Output;
using static Mao.Core.Tests.Verification.Snapshots;

namespace Mao.Core.Tests.Verification;

public class OutputTests
{
    private static readonly Snapshot[] Three = OneNumberPerSite(10, 12, 500);

    [Fact]
    public void TruthJsonLines_Record_HasValueSupportDissentAndStats()
    {
        var output = new MemoryStream();
        using (var writer = new TruthJsonLinesWriter(output, "tool", ["s1", "s2", "s3"], Latency, VotePolicy.Default))
        {
            new VerificationEngine().Run(Three.Select(s => (IRecordSource)new SnapshotRecordSource(s)).ToList(), writer);
        }
        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(2, lines.Length);
        using var header = JsonDocument.Parse(lines[0]);
        Assert.Equal("mao.truth/1", header.RootElement.GetProperty("format").GetString());
        using var record = JsonDocument.Parse(lines[1]);
        var latency = record.RootElement.GetProperty("fields").GetProperty("latency");
        Assert.Equal(11, latency.GetProperty("value").GetDouble());
        Assert.Equal(["s1", "s2"], latency.GetProperty("support").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(500, latency.GetProperty("dissent").GetProperty("s3").GetDouble());
        Assert.Equal("s2", latency.GetProperty("stats").GetProperty("maxSites")[0].GetString());
    }

    [Fact]
    public void TruthCsv_Record_OneRowPerFieldWithDissent()
    {
        var output = new StringWriter();
        new VerificationEngine().Run(Three.Select(s => (IRecordSource)new SnapshotRecordSource(s)).ToList(), new TruthCsvWriter(output));

        using var reader = new CsvReader(new StringReader(output.ToString()), "truth.csv");
        var header = reader.ReadHeader();
        var row = reader.ReadRow()!;
        string Cell(string name) => row[header.ToList().IndexOf(name)];
        Assert.Equal(("r", "latency", "11", "s1;s2", "s3=500"), (Cell("key"), Cell("field"), Cell("value"), Cell("support"), Cell("dissent")));
        Assert.Null(reader.ReadRow());
    }

    [Fact]
    public void JsonLinesRecordSource_OwnFormat_StreamsTheSameVerdictsAsTheSnapshot()
    {
        var streamed = Three.Select(s => (IRecordSource)new JsonLinesRecordSource(new MemoryStream(SnapshotJsonLines.ToBytes(s)), s.Header.Site)).ToList();
        var collector = new VerdictCollector();

        new VerificationEngine().Run(streamed, collector);

        Assert.Equal(Single(null, Three).Value, collector.Verdicts.Single().Fields[0].Value);
    }
}
