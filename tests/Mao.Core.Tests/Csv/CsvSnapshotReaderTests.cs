using System.Text;
using Mao.Core.Csv;
using Mao.Core.Model;

namespace Mao.Core.Tests.Csv;

public class CsvSnapshotReaderTests
{
    private static readonly MetricSchema Schema = new("artifact",
        [new FieldSpec("size", FieldKind.Performance), new FieldSpec("archs", FieldKind.Set), new FieldSpec("publisher", FieldKind.Category)]);

    private static Snapshot Read(string csv) =>
        CsvSnapshotReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(csv)),
            new SnapshotHeader("tool", "1", "site", DateTimeOffset.UnixEpoch, Schema), "site/data.csv");

    [Fact]
    public void Read_ValidCsv_SortsRecordsAndParsesKinds()
    {
        var snapshot = Read("publisher,artifact,size,archs,extra\nacme,b,1.5,arm64|amd64,x\nbeta,a,,amd64,y\n");

        Assert.Equal(["a", "b"], snapshot.Records.Select(r => r.Key));
        Assert.True(snapshot.Records[0].Values[0].IsMissing);
        Assert.Equal(1.5, snapshot.Records[1].Values[0].Number);
        Assert.Equal(["amd64", "arm64"], snapshot.Records[1].Values[1].Set);
        Assert.Equal("acme", snapshot.Records[1].Values[2].Text);
    }

    [Fact]
    public void Read_HeaderLacksIndex_ErrorNamesFileLineAndColumn()
    {
        var error = Assert.Throws<MaoFormatException>(() => Read("name,size,archs,publisher\na,1,,p\n"));

        Assert.Equal(("site/data.csv", 1, "artifact"), (error.Where, error.Line, error.Column));
        Assert.Contains("lacks the index column 'artifact'", error.Message);
    }

    [Fact]
    public void Read_NonNumericInNumericColumn_ErrorNamesLineAndColumn()
    {
        var error = Assert.Throws<MaoFormatException>(() => Read("artifact,size,archs,publisher\na,1,,p\nb,12 MB,,p\n"));

        Assert.Equal("site/data.csv:3 (column 'size'): '12 MB' is not a number (use invariant digits with '.' as decimal point)", error.Message);
    }

    [Fact]
    public void Read_DuplicateKey_ErrorNamesBothLines()
    {
        var error = Assert.Throws<MaoFormatException>(() => Read("artifact,size,archs,publisher\na,1,,p\nb,2,,p\na,3,,p\n"));

        Assert.Equal((4, "artifact"), (error.Line, error.Column));
        Assert.Contains("duplicate index value 'a' (first on line 2)", error.Message);
    }

    [Fact]
    public void Read_HeaderOnly_IsAnEmptySnapshotError()
    {
        Assert.Contains("empty snapshot", Assert.Throws<MaoFormatException>(() => Read("artifact,size,archs,publisher\n")).Message);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("1,5")]
    [InlineData("Infinity")]
    public void TryParseNumber_NotAFiniteInvariantNumber_Rejected(string text)
    {
        Assert.False(CsvSnapshotReader.TryParseNumber(text, out _));
    }
}
