using Mao.Core.Model;
using Mao.Core.Serialization;
using Mao.Federation.Store;

namespace Mao.Bench.Rounds;

/// <summary>
/// Synthetic snapshots for round benchmarks, generated record by record and streamed into a store (never held): every
/// site sees the same artefacts with noise on the performance fields, misses about 1 % of them, and site index 2 lies on
/// about 5 % of its records (latency x10, publisher "evil"). Keys and values come from a hash of the record's number.
/// </summary>
public static class RoundSnapshots
{
    public const string Tool = "bench-round";

    public static readonly MetricSchema Schema = new("artefact",
    [
        new FieldSpec("latency", FieldKind.Performance),
        new FieldSpec("size", FieldKind.Performance),
        new FieldSpec("tags", FieldKind.Count),
        new FieldSpec("publisher", FieldKind.Category),
        new FieldSpec("architectures", FieldKind.Set),
    ]);

    public static readonly DateTimeOffset Day = new(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);

    private static readonly FieldValue[] Publishers = new[] { "acme", "bitnami", "library", "other" }.Select(FieldValue.Of).ToArray();
    private static readonly FieldValue[] ArchSets =
    [
        FieldValue.OfSet(["amd64"]), FieldValue.OfSet(["amd64", "arm64"]), FieldValue.OfSet(["amd64", "arm64", "arm"]),
        FieldValue.OfSet(["amd64", "arm64", "ppc64le", "s390x"]),
    ];

    public static string Site(int index) => $"site-{(char)('a' + index)}";

    /// <summary>Streams site <paramref name="index"/>'s snapshot of <paramref name="records"/> artefacts into the store; returns its entry.</summary>
    public static async Task<SnapshotEntry> StoreAsync(SnapshotStore store, int index, int records, CancellationToken cancellationToken)
    {
        var header = new SnapshotHeader(Tool, "1.0", Site(index), Day.AddHours(1 + index), Schema);
        var put = await store.PutStreamedAsync(async (upload, ct) =>
        {
            using var writer = new CanonicalSnapshotWriter(upload, header, $"synthetic snapshot of {header.Site}");
            for (var i = 0; i < records; i++)
            {
                if (Mix((ulong)i * 13 + (ulong)index) % 100 == 0)
                {
                    continue; // this site missed the artefact
                }
                await writer.WriteAsync(Record(i, index), ct);
            }
            return await writer.CompleteAsync(ct);
        }, cancellationToken);
        return put.Entry;
    }

    private static SnapshotRecord Record(int i, int site)
    {
        var h = Mix((ulong)i);
        var lies = site == 2 && Mix((ulong)i * 7 + 1) % 20 == 0;
        var noise = 1 + (Mix((ulong)i * 31 + (ulong)site) % 100 - 50) / 10_000.0;
        var latency = (10 + h % 1000) * noise;
        return new SnapshotRecord($"artefact/{i:D9}",
        [
            FieldValue.Of(lies ? latency * 10 : latency),
            FieldValue.Of((h >> 10) % 100_000 * noise),
            FieldValue.Of((h >> 20) % 50),
            lies ? FieldValue.Of("evil") : Publishers[(h >> 30) % 4],
            ArchSets[(h >> 40) % 4],
        ]);
    }

    private static ulong Mix(ulong x)
    {
        x ^= x >> 33;
        x *= 0xff51afd7ed558ccd;
        x ^= x >> 33;
        x *= 0xc4ceb9fe1a85ec53;
        x ^= x >> 33;
        return x;
    }
}
