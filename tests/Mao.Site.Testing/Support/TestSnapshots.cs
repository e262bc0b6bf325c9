using Mao.Core.Model;
using Mao.Core.Serialization;

namespace Mao.Site.Tests.Support;

/// <summary>Small snapshots of a made-up benchmark tool: latency (performance), arch (category), tags (set).</summary>
public static class TestSnapshots
{
    public const string Tool = "bench";

    public static readonly MetricSchema Schema = new("artifact",
    [
        new FieldSpec("latency", FieldKind.Performance),
        new FieldSpec("arch", FieldKind.Category),
        new FieldSpec("tags", FieldKind.Set),
    ]);

    public static Snapshot Make(string site, params (string Key, double Latency, string Arch, string[] Tags)[] rows) =>
        new(new SnapshotHeader(Tool, "1.0", site, new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero), Schema),
            rows.Select(r => new SnapshotRecord(r.Key, [FieldValue.Of(r.Latency), FieldValue.Of(r.Arch), FieldValue.OfSet(r.Tags)])));

    /// <summary>A site's measurement of the round day (2026-11-27): nginx with the given latency, redis the same at every site.</summary>
    public static Snapshot Measurement(string site, double nginxLatency, string tool = Tool, DateTimeOffset? observedAt = null) =>
        new(new SnapshotHeader(tool, "1.0", site, observedAt ?? new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero), Schema),
        [
            new SnapshotRecord("library/nginx", [FieldValue.Of(nginxLatency), FieldValue.Of("amd64"), FieldValue.OfSet(["latest"])]),
            new SnapshotRecord("library/redis", [FieldValue.Of(5), FieldValue.Of("arm64"), FieldValue.OfSet(["7", "latest"])]),
        ]);

    public static Snapshot Read(string path) => SnapshotJsonLines.Read(File.ReadAllBytes(path), path);
}
