using Mao.Cli.Commands;
using Mao.Core.Model;
using Mao.Testing;
using Mao.Tools.Manifests;
using Mao.Tools.Sar;

namespace Mao.Site.Tests.Demo;

/// <summary>The demo reads the recorded SAR days through the SAR tool's own reader, records and schema, not a schema of its own.</summary>
public class SmokeDataTests
{
    [Fact]
    public void RecordedDay_ReadAsTheAwsSarToolWouldStoreIt()
    {
        var path = SharedData.Path("data/aws-sar/autocontents-2020-02-16.csv");

        var snapshot = SmokeData.Read(path, "site-a", new DateTimeOffset(2020, 2, 16, 12, 0, 0, TimeSpan.Zero));

        Assert.Equal(ToolManifests.AwsSar.Name, snapshot.Header.Tool);
        Assert.Equal(ToolManifests.AwsSar.Schema, snapshot.Header.Schema);
        var deployments = ToolManifests.AwsSar.Schema.IndexOf("deployment_count");
        var expected = SarCsv.ReadFile(path).Select(SarRecords.Build).OfType<SnapshotRecord>()
            .ToDictionary(r => r.Key, r => r.Values[deployments].Number, StringComparer.Ordinal);
        Assert.Equal(747, snapshot.Records.Count);
        Assert.All(snapshot.Records, r => Assert.Equal(expected[r.Key], r.Values[deployments].Number));
    }
}
