using Mao.Core.Model;

namespace Mao.Federation.Tests;

/// <summary>Small real snapshots for tests: a numeric, a category and a set field per record.</summary>
internal static class TestSnapshots
{
    public static readonly MetricSchema Schema = new("image",
    [
        new FieldSpec("pulls", FieldKind.Performance),
        new FieldSpec("publisher", FieldKind.Category),
        new FieldSpec("architectures", FieldKind.Set),
    ]);

    public static Snapshot Make(string tool = "dockerhub-arch", string site = "site-a", DateTimeOffset? observedAt = null, int records = 20, int seed = 1)
    {
        var header = new SnapshotHeader(tool, "1.0.0", site, observedAt ?? new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), Schema);
        var rows = Enumerable.Range(0, records).Select(i => new SnapshotRecord($"library/image-{i:D5}",
        [
            FieldValue.Of(1000 * i + seed),
            FieldValue.Of($"publisher-{i % 7}"),
            FieldValue.OfSet(i % 2 == 0 ? ["amd64", "arm64"] : ["amd64"]),
        ]));
        return new Snapshot(header, rows);
    }

    public static CancellationToken Timeout(int seconds = 60) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;
}
