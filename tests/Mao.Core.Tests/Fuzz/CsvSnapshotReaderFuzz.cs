using Mao.Core.Csv;
using Mao.Core.Model;
using Mao.Core.Serialization;
using Mao.Testing.Fuzz;
using Xunit.Abstractions;

namespace Mao.Core.Tests.Fuzz;

[Trait("Category", "Fuzz")]
public sealed class CsvSnapshotReaderFuzz(ITestOutputHelper output)
{
    [Theory]
    [InlineData("arch")]
    [InlineData("mixed")]
    public void Read_HostileCsv_ReturnsOrThrowsFormatErrorAndRoundTrips(string shape)
    {
        var (header, seeds) = shape == "arch"
            ? (CoreSeeds.ArchHeader, new[] { CoreSeeds.Csv()[0] })
            : (CoreSeeds.MixedHeader, new[] { CoreSeeds.MixedCsv });
        var report = new FuzzRunner($"csv-snapshot-{shape}", output).Run(seeds, input =>
        {
            var snapshot = CsvSnapshotReader.Read(new MemoryStream(input), header, "fuzz.csv");
            var canonical = SnapshotJsonLines.ToBytes(snapshot);
            // A snapshot read from CSV survives our canonical form unchanged.
            Assert.Equal(canonical, SnapshotJsonLines.ToBytes(SnapshotJsonLines.Read(canonical, "canonical.jsonl")));
            Assert.All(snapshot.Records, r => Assert.NotEmpty(r.Key));
        }, typeof(MaoFormatException));

        Assert.True(report.Accepted >= 1, "the unmutated seed must parse");
    }
}
