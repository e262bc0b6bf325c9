using Mao.Core.Model;
using Mao.Tools.Manifests;
using Mao.Tools.Sar;

namespace Mao.Cli.Commands;

/// <summary>
/// Real input for `mao smoke`: the recorded AWS Serverless Application Repository catalogue days in
/// recorded/data/aws-sar, read by the SAR tool's own reader (<see cref="SarCsv"/>) into the tool's own records and
/// schema (<see cref="ToolManifests.AwsSar"/>), exactly as a crawl of that day would have stored them.
/// </summary>
internal static class SmokeData
{
    public static string Tool => ToolManifests.AwsSar.Name;

    /// <summary>The recorded AWS SAR days shipped with the project: recorded/data/aws-sar of the repository (MAO_RECORDED overrides).</summary>
    public static string FindFolder() => RecordedFolder.Find(Path.Combine("data", "aws-sar"));

    public static Snapshot Read(string csvPath, string site, DateTimeOffset observedAt)
    {
        var manifest = ToolManifests.AwsSar;
        var records = SarCsv.ReadFile(csvPath).Select(SarRecords.Build).OfType<SnapshotRecord>().ToList();
        return new Snapshot(new SnapshotHeader(manifest.Name, manifest.Version, site, observedAt, manifest.Schema), records, csvPath);
    }
}
