using Mao.Core.Serialization;
using Mao.Core.Verification;
using Mao.Testing.Fuzz;
using Xunit.Abstractions;

namespace Mao.Core.Tests.Fuzz;

[Trait("Category", "Fuzz")]
public sealed class JsonLinesRecordSourceFuzz(ITestOutputHelper output)
{
    [Fact]
    public void MoveNext_HostileBytes_AgreesWithSnapshotRead()
    {
        var report = new FuzzRunner("json-lines-record-source", output).Run(CoreSeeds.JsonLines(), input =>
        {
            var keys = new List<string>();
            using (var source = new JsonLinesRecordSource(new MemoryStream(input), "fuzz.jsonl"))
            {
                while (source.MoveNext())
                {
                    keys.Add(source.CurrentKey);
                }
            }
            // The streaming reader accepts exactly what the whole-file reader accepts, in file order.
            var whole = SnapshotJsonLines.Read(input, "fuzz.jsonl");
            Assert.Equal(whole.Records.Select(r => r.Key).Order(StringComparer.Ordinal), keys.Order(StringComparer.Ordinal));
        }, typeof(MaoFormatException));

        Assert.True(report.Accepted >= CoreSeeds.JsonLines().Count, "the unmutated seeds must parse");
    }
}
