using Mao.Core.Model;
using Mao.Insights;
using Mao.Tools.Manifests;

namespace Mao.Site.Tests.Insights;

/// <summary>
/// The series the issue names per tool (docs/insights.md, "On a site") are metrics the API takes over the built-in
/// tools' real schemas: each one parses and measures what a hand count of the records says.
/// </summary>
public class ToolSeriesTests
{
    private static readonly DateTimeOffset Day = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("dockerhub-tags", "records", 3)]
    [InlineData("dockerhub-tags", "count:architectures~arm64", 2)] // arm64 and arm64/v8
    [InlineData("dockerhub-tags", "count:architectures=arm64", 1)]
    [InlineData("dockerhub-tags", "count:os=windows", 1)]
    [InlineData("dockerhub-tags", "share:architectures>1", 2.0 / 3)]
    [InlineData("artifacthub-helm", "sum:security_critical", 7)]
    [InlineData("artifacthub-helm", "mean:security_high", 2)]
    [InlineData("aws-sar", "sum:deployment_count", 150)]
    [InlineData("aws-sar", "count:required_capabilities=CAPABILITY_IAM", 2)]
    public void IssueSeries_OverTheToolsSchemas_MeasureTheHandCount(string tool, string metric, double expected)
    {
        var schema = ToolManifests.Find(tool)!.Schema;
        var snapshot = new Snapshot(new SnapshotHeader(tool, "1.0", "site-a", Day, schema), Rows(tool).Select((values, i) =>
            new SnapshotRecord($"key{i}", schema.Fields.Select(f => values.TryGetValue(f.Name, out var v) ? v : Default(f.Kind)).ToArray())));

        var measured = MetricQuery.Parse(metric).Metric.Measure(snapshot, "test");

        Assert.NotNull(measured);
        Assert.Equal(expected, measured.Value, 9);
    }

    private static Dictionary<string, FieldValue>[] Rows(string tool) => tool switch
    {
        "dockerhub-tags" =>
        [
            new() { ["architectures"] = FieldValue.OfSet(["amd64", "arm64"]), ["os"] = FieldValue.OfSet(["linux"]) },
            new() { ["architectures"] = FieldValue.OfSet(["amd64", "arm64/v8"]), ["os"] = FieldValue.OfSet(["linux"]) },
            new() { ["architectures"] = FieldValue.OfSet(["amd64"]), ["os"] = FieldValue.OfSet(["windows"]) },
        ],
        "artifacthub-helm" =>
        [
            new() { ["security_critical"] = FieldValue.Of(5), ["security_high"] = FieldValue.Of(1) },
            new() { ["security_critical"] = FieldValue.Of(2), ["security_high"] = FieldValue.Of(3) },
        ],
        "aws-sar" =>
        [
            new() { ["deployment_count"] = FieldValue.Of(100), ["required_capabilities"] = FieldValue.OfSet(["CAPABILITY_IAM"]) },
            new() { ["deployment_count"] = FieldValue.Of(50), ["required_capabilities"] = FieldValue.OfSet(["CAPABILITY_IAM", "CAPABILITY_AUTO_EXPAND"]) },
        ],
        _ => throw new ArgumentException(tool),
    };

    private static FieldValue Default(FieldKind kind) => kind switch
    {
        FieldKind.Set => FieldValue.OfSet([]),
        FieldKind.Count or FieldKind.Performance => FieldValue.Of(0),
        _ => FieldValue.Of("x"),
    };
}
