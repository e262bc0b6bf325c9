using System.Text;
using Mao.Core.Csv;
using Mao.Testing.Fuzz;
using Xunit.Abstractions;

namespace Mao.Core.Tests.Fuzz;

[Trait("Category", "Fuzz")]
public sealed class CsvReaderFuzz(ITestOutputHelper output)
{
    [Fact]
    public void ReadRow_HostileBytes_ReturnsOrThrowsFormatErrorAndRoundTrips()
    {
        var report = new FuzzRunner("csv-reader", output) { Tokens = ["\"\"", ",\"", "\",", "\r\n"] }.Run(CoreSeeds.Csv(), input =>
        {
            var rows = ReadAll(input);
            var written = new StringWriter();
            var writer = new CsvWriter(written);
            rows.ForEach(writer.WriteRow);
            // What CsvWriter writes of the rows reads back as the same rows.
            Assert.Equal(rows, ReadAll(Encoding.UTF8.GetBytes(written.ToString())));
        }, typeof(MaoFormatException));

        Assert.True(report.Accepted >= CoreSeeds.Csv().Count, "the unmutated seeds must parse");
    }

    private static List<List<string>> ReadAll(byte[] input)
    {
        using var reader = CsvReader.Open(new MemoryStream(input), "fuzz.csv");
        var rows = new List<List<string>>();
        while (reader.ReadRow() is { } row)
        {
            rows.Add(row);
        }
        return rows;
    }
}
