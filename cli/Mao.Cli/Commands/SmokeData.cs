using System.Text;
using Mao.Core;
using Mao.Core.Model;

namespace Mao.Cli.Commands;

/// <summary>
/// Real input for `mao smoke`: the recorded AWS Serverless Application Repository catalogue days in
/// recorded/data/aws-sar (no header; name, ARN, publisherAlias, deploymentCount, labels, description, homePageUrl,
/// requiredCapabilities), turned into snapshots keyed by ARN.
/// </summary>
internal static class SmokeData
{
    public const string Tool = "aws-sar";

    public static readonly MetricSchema Schema = new("arn",
    [
        new FieldSpec("name", FieldKind.Category),
        new FieldSpec("publisherAlias", FieldKind.Category),
        new FieldSpec("deploymentCount", FieldKind.Performance),
        new FieldSpec("labels", FieldKind.Set),
        new FieldSpec("homePageUrl", FieldKind.Category),
        new FieldSpec("requiredCapabilities", FieldKind.Set),
    ]);

    /// <summary>The recorded AWS SAR days shipped with the project: recorded/data/aws-sar of the repository (MAO_RECORDED overrides).</summary>
    public static string FindFolder() => RecordedFolder.Find(Path.Combine("data", "aws-sar"));

    public static Snapshot Read(string csvPath, string site, DateTimeOffset observedAt)
    {
        var records = new List<SnapshotRecord>();
        var row = 0;
        foreach (var fields in SmokeCsv.Rows(File.ReadAllText(csvPath, Encoding.UTF8)))
        {
            row++;
            if (fields.Count != 8)
            {
                throw new MaoFormatException(csvPath, $"expected 8 columns, found {fields.Count}", row);
            }
            records.Add(new SnapshotRecord(fields[1],
            [
                Text(fields[0]),
                Text(fields[2]),
                double.TryParse(fields[3], System.Globalization.CultureInfo.InvariantCulture, out var count)
                    ? FieldValue.Of(count)
                    : throw new MaoFormatException(csvPath, $"deploymentCount '{fields[3]}' is not a number", row, "deploymentCount"),
                FieldValue.OfSet(Split(fields[4])),
                Text(fields[6]),
                FieldValue.OfSet(Split(fields[7])),
            ]));
        }
        return new Snapshot(new SnapshotHeader(Tool, "recorded-2020", site, observedAt, Schema), records, csvPath);
    }

    private static FieldValue Text(string value) => value.Length == 0 ? FieldValue.Missing : FieldValue.Of(value);

    private static string[] Split(string value) => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
