using Mao.Core.Csv;

namespace Mao.Core.Tests.Csv;

public class CsvReaderTests
{
    private static List<List<string>> ReadAll(string text)
    {
        using var reader = new CsvReader(new StringReader(text), "t.csv");
        var rows = new List<List<string>>();
        while (reader.ReadRow() is { } row) rows.Add(row);
        return rows;
    }

    [Fact]
    public void ReadRow_QuotedFields_UnescapesQuotesCommasAndNewlines()
    {
        var rows = ReadAll("a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\n\"two\nlines\",\n");

        Assert.Equal([["a", "b"], ["x, y", "say \"hi\""], ["two\nlines", ""]], rows);
    }

    [Fact]
    public void ReadRow_NoTrailingNewlineAndBlankLines_Tolerated()
    {
        Assert.Equal([["a"], ["b"]], ReadAll("a\n\n\nb"));
    }

    [Fact]
    public void ReadRow_UnclosedQuote_ErrorNamesStartLineAndColumn()
    {
        using var reader = new CsvReader(new StringReader("k,v\n1,\"open\n2,3\n"), "t.csv");
        reader.ReadHeader();

        var error = Assert.Throws<MaoFormatException>(() => reader.ReadRow());

        Assert.Equal("t.csv:2 (column 'v'): quoted field opened on line 2 is never closed", error.Message);
    }

    [Fact]
    public void ReadRow_QuoteInsideUnquotedField_ErrorNamesLineAndColumn()
    {
        using var reader = new CsvReader(new StringReader("k,v\n1,2\n3,ab\"c\n"), "t.csv");
        reader.ReadHeader();
        reader.ReadRow();

        var error = Assert.Throws<MaoFormatException>(() => reader.ReadRow());

        Assert.Equal((3, "v"), (error.Line, error.Column));
    }

    [Fact]
    public void ReadRow_WrongWidth_ErrorNamesLine()
    {
        using var reader = new CsvReader(new StringReader("k,v\n1,2,3\n"), "t.csv");
        reader.ReadHeader();

        var error = Assert.Throws<MaoFormatException>(() => reader.ReadRow());

        Assert.Contains("t.csv:2", error.Message);
        Assert.Contains("3 fields but the header has 2", error.Message);
    }

    [Fact]
    public void Open_Utf8BomAndInvalidBytes_BomSkippedInvalidBytesNamed()
    {
        using var withBom = CsvReader.Open(new MemoryStream([0xEF, 0xBB, 0xBF, (byte)'k', (byte)'\n']), "bom.csv");
        using var invalid = CsvReader.Open(new MemoryStream([(byte)'k', (byte)'\n', 0xFF, (byte)'\n']), "bad.csv");

        Assert.Equal(["k"], withBom.ReadHeader());
        var error = Assert.Throws<MaoFormatException>(() => { invalid.ReadHeader(); invalid.ReadRow(); });
        Assert.StartsWith("bad.csv: file is not valid UTF-8", error.Message);
        Assert.Contains("[FF]", error.Message);
    }

    [Fact]
    public void ReadHeader_DuplicateName_Error()
    {
        using var reader = new CsvReader(new StringReader("k,v,v\n"), "t.csv");

        Assert.Contains("names column 'v' twice", Assert.Throws<MaoFormatException>(() => reader.ReadHeader()).Message);
    }

    [Fact]
    public void WriteRow_SpecialCharacters_RoundTripThroughReader()
    {
        var output = new StringWriter();
        new CsvWriter(output).WriteRow("plain", "a,b", "q\"q", "line\nbreak", "");

        Assert.Equal([["plain", "a,b", "q\"q", "line\nbreak", ""]], ReadAll(output.ToString()));
    }
}
