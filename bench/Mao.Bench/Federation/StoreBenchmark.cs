using System.Diagnostics;
using Mao.Core.Model;
using Mao.Federation.Store;
using Mao.Testing;
using static Mao.Bench.Federation.BenchReport;

namespace Mao.Bench.Federation;

/// <summary>Snapshot store: S snapshots (default 1,000) of R records (default 10,000) written and indexed in Azurite, then queried.</summary>
public sealed class StoreBenchmark : IBenchmark
{
    private static readonly DateTimeOffset Day0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public string Name => "store";

    public string Description => "blob + table: write and index [snapshots=1000] of [records=10000], then query and verified reads";

    public async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        var report = new BenchReport(output);
        var count = Arg(args, 0, 1000);
        var records = Arg(args, 1, 10000);
        await using var stack = await BenchStack.StartAsync(etcd: null);
        var store = new SnapshotStore(new SnapshotStoreOptions { ConnectionString = stack.Azurite.ConnectionString });
        await store.InitializeAsync(cancellationToken);
        report.Title($"store: {count} snapshots x {records} records, 4 sites, Azurite on loopback (disk persistence), 4 writes in flight");

        long bytes = 0;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var result = await store.PutAsync(Make(i, records), ct);
                Interlocked.Add(ref bytes, result.Entry.Size);
            });
        report.Rate("write blob (If-None-Match *) + 2 index rows", count, clock.Elapsed, "snapshots");
        report.Line("data written", $"{Mb(bytes)} = {bytes / 1024.0 / 1024.0 / clock.Elapsed.TotalSeconds:0.0} MB/s");

        clock.Restart();
        var again = await store.PutAsync(Make(0, records), cancellationToken);
        report.Line("same snapshot again (no-op, re-hash of stored blob)", $"{Ms(clock.Elapsed)}, created={again.Created}");

        clock.Restart();
        var month = await store.Index.BetweenAsync("dockerhub-arch", Day0.AddDays(30), Day0.AddDays(60), cancellationToken);
        report.Line("query: snapshots of tool between dates (30 days)", $"{month.Count} rows in {Ms(clock.Elapsed)}");

        clock.Restart();
        var latest = await store.Index.LatestAsync("dockerhub-arch", "site-2", cancellationToken);
        report.Line("query: latest of tool at site", $"{latest!.ObservedAt:yyyy-MM-dd} in {Ms(clock.Elapsed)}");

        clock.Restart();
        var snapshot = await store.GetAsync(latest.ContentId, cancellationToken);
        report.Line("verified read (download, SHA-256, parse)", $"{snapshot.Records.Count} records, {Mb(latest.Size)} in {Ms(clock.Elapsed)}");
        return 0;
    }

    private static readonly MetricSchema Schema = new("image",
    [
        new FieldSpec("pulls", FieldKind.Performance),
        new FieldSpec("publisher", FieldKind.Category),
        new FieldSpec("architectures", FieldKind.Set),
    ]);

    internal static Snapshot Make(int index, int records, int changedEvery = 1)
    {
        var site = $"site-{index % 4}";
        var header = new SnapshotHeader("dockerhub-arch", "1.0.0", site, Day0.AddDays(index / 4), Schema);
        var rows = new SnapshotRecord[records];
        var day = index / 4;
        for (var i = 0; i < records; i++)
        {
            // How often record i has changed by this day: each day the records with i % changedEvery == (day - 1) % changedEvery change.
            var changes = day / changedEvery + (i % changedEvery < day % changedEvery ? 1 : 0);
            rows[i] = new SnapshotRecord($"library/image-{i:D6}",
            [
                FieldValue.Of(1_000_000 + i * 37 + changes),
                FieldValue.Of($"publisher-{i % 97}"),
                FieldValue.OfSet(i % 3 == 0 ? ["amd64", "arm64", "ppc64le"] : ["amd64"]),
            ]);
        }
        return new Snapshot(header, rows);
    }
}
