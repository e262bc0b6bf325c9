using Mao.Core.Serialization;
using Mao.Testing.Fuzz;
using Xunit.Abstractions;

namespace Mao.Core.Tests.Fuzz;

[Trait("Category", "Fuzz")]
public sealed class SnapshotJsonLinesFuzz(ITestOutputHelper output)
{
    [Fact]
    public void Read_HostileBytes_ReturnsOrThrowsFormatErrorAndRoundTrips()
    {
        var report = new FuzzRunner("snapshot-json-lines", output).Run(CoreSeeds.JsonLines(), input =>
        {
            var canonical = SnapshotJsonLines.ToBytes(SnapshotJsonLines.Read(input, "fuzz.jsonl"));
            // Whatever was accepted must come back identical from its canonical form.
            Assert.Equal(canonical, SnapshotJsonLines.ToBytes(SnapshotJsonLines.Read(new MemoryStream(canonical), "canonical.jsonl")));
        }, typeof(MaoFormatException));

        Assert.True(report.Accepted >= CoreSeeds.JsonLines().Count, "the unmutated seeds must parse");
    }
}
