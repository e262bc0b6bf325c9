using System.Text;
using Mao.Core.Csv;
using Mao.Core.Serialization;
using Mao.Core.Verification;

namespace Mao.Core.Tests.Fuzz;

/// <summary>What the fuzzers found, pinned with the exact inputs (also kept in Fuzz/Crashes and replayed there).</summary>
public sealed class CoreFuzzRegressions
{
    private static byte[] Crash(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fuzz", "Crashes", name));

    [Fact]
    public void SnapshotRead_InvalidUtf8_IsAFormatErrorNamingTheFile()
    {
        // Was a bare DecoderFallbackException, which only the gateway caught.
        var error = Assert.Throws<MaoFormatException>(() => SnapshotJsonLines.Read(Crash("snapshot-json-lines-f812cac306bb.bin"), "s.jsonl"));

        Assert.StartsWith("s.jsonl: snapshot is not valid UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RecordSource_InvalidUtf8InARecord_IsAFormatErrorNamingTheFile()
    {
        var error = Assert.Throws<MaoFormatException>(() =>
        {
            using var source = new JsonLinesRecordSource(new MemoryStream(Crash("json-lines-record-source-8824e3acf693.bin")), "s.jsonl");
            while (source.MoveNext())
            {
            }
        });

        Assert.StartsWith("s.jsonl: snapshot is not valid UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RecordSource_LoneSurrogateEscapeInHeader_IsAFormatErrorOnLineOne()
    {
        // "fi\u0000\ud800elds": System.Text.Json threw InvalidOperationException while looking up "fields".
        var error = Assert.Throws<MaoFormatException>(() =>
            new JsonLinesRecordSource(new MemoryStream(Crash("json-lines-record-source-64695856e692.bin")), "s.jsonl").Dispose());

        Assert.Equal(("s.jsonl", 1), (error.Where, error.Line));
        Assert.Contains("not valid Unicode", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SnapshotRead_LoneSurrogateEscapeInAValue_NamesTheLine()
    {
        var header = Encoding.UTF8.GetString(SnapshotJsonLines.ToBytes(CsvSnapshotReader.Read(new MemoryStream(CoreSeeds.MixedCsv), CoreSeeds.MixedHeader, "m"))).Split('\n')[0];
        var input = Encoding.UTF8.GetBytes(header + "\n{\"key\":\"a\",\"values\":[1,\"\\udc00\",null,2]}\n");

        var error = Assert.Throws<MaoFormatException>(() => SnapshotJsonLines.Read(input, "s.jsonl"));

        Assert.Equal(("s.jsonl", 2), (error.Where, error.Line));
    }

    [Fact]
    public void CsvWriter_FieldStartingWithByteOrderMark_ReadsBackUnchanged()
    {
        // A second BOM at the start of a file is data; written unquoted it was dropped on reading back.
        var rows = Read(Crash("csv-reader-458f5abc7611.bin"));
        Assert.Equal("\uFEFF#stamp", rows[0][0]);

        Assert.Equal(rows, Read(Write(rows)));
    }

    [Fact]
    public void CsvWriter_RowOfOneEmptyField_StaysARow()
    {
        var rows = new List<List<string>> { new() { "" }, new() { "x" } };

        Assert.Equal("\"\"\nx\n", Encoding.UTF8.GetString(Write(rows)));
        Assert.Equal(rows, Read(Write(rows)));
    }

    private static byte[] Write(List<List<string>> rows)
    {
        var text = new StringWriter();
        var writer = new CsvWriter(text);
        rows.ForEach(writer.WriteRow);
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static List<List<string>> Read(byte[] bytes)
    {
        using var reader = CsvReader.Open(new MemoryStream(bytes), "f.csv");
        var rows = new List<List<string>>();
        while (reader.ReadRow() is { } row)
        {
            rows.Add(row);
        }
        return rows;
    }
}
