using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Mao.Core.Model;
using Mao.Core.Serialization;
using Mao.Core.Sorting;

namespace Mao.Core.Tests.Sorting;

/// <summary>
/// The streaming path (external sort with spilled runs and bounded fan-in, then the canonical writer over a hashing
/// stream) must give the content id the in-memory <see cref="Snapshot"/> gives for the same records, where a key seen
/// twice keeps its first record (plan order).
/// </summary>
public class StreamingContentIdProperties
{
    private static readonly MetricSchema Schema = new("key",
    [
        new FieldSpec("size", FieldKind.Performance), new FieldSpec("os", FieldKind.Category), new FieldSpec("platforms", FieldKind.Set),
    ]);

    private static readonly SnapshotHeader Header = new("dockerhub-tags", "1.0", "site-a", new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero), Schema);

    // Few distinct keys (so repeats are common), with characters whose ordinal and culture orders differ.
    private static readonly Gen<string> Keys = Gen.Elements("a", "B", "b", "ä", "a-1", "a_1", "Z", "z\u00e9", "\u00e9", "k/1", "k/10", "k/2", "");

    private static readonly Gen<SnapshotRecord> Records =
        from key in Keys
        from size in Gen.Choose(-1000, 1000)
        from text in Gen.Elements("linux", "windows", "", "\"quoted\"\n")
        from set in Gen.SubListOf("amd64", "arm64", "s390x")
        from missing in Gen.Choose(0, 3)
        select new SnapshotRecord(key,
        [
            missing == 0 ? FieldValue.Missing : FieldValue.Of(size / 7.0),
            missing == 1 ? FieldValue.Missing : FieldValue.Of(text),
            missing == 2 ? FieldValue.Missing : FieldValue.OfSet(set),
        ]);

    [Property(MaxTest = 300)]
    public Property StreamingContentId_AnyUnitsRunSizeAndFanIn_EqualsInMemoryContentId() =>
        Prop.ForAll(Records.ListOf().ListOf().ToArbitrary(), Gen.Choose(1, 6).ToArbitrary(), Gen.Choose(2, 4).ToArbitrary(), (units, runRecords, fanIn) =>
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var expected = new Snapshot(Header, units.SelectMany(u => u).Where(r => seen.Add(r.Key)).ToList());

            var (id, count, spilled) = StreamAsync(units, runRecords, fanIn).GetAwaiter().GetResult();

            return (id == expected.ContentId && count == expected.Records.Count)
                .Label($"streamed {id} ({count} records, {spilled} runs) vs in memory {expected.ContentId} ({expected.Records.Count})");
        });

    [Fact]
    public async Task Streaming_ManyRunsBeyondFanIn_SpillsAndStillMatches()
    {
        var units = Enumerable.Range(0, 50).Select(u => Enumerable.Range(0, 40)
            .Select(i => new SnapshotRecord($"repo{(u * 37 + i * 11) % 997:D4}", [FieldValue.Of(u), FieldValue.Of($"unit{u}"), FieldValue.OfSet(["amd64"])])).ToList()).ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var expected = new Snapshot(Header, units.SelectMany(u => u).Where(r => seen.Add(r.Key)).ToList());

        var (id, count, spilled) = await StreamAsync(units, runRecords: 64, fanIn: 3);

        Assert.True(spilled > 3, $"expected more runs than the fan-in, got {spilled}");
        Assert.Equal(expected.Records.Count, count);
        Assert.Equal(expected.ContentId, id);
    }

    [Fact]
    public void Writer_RecordsOutOfOrder_RefusedNamingBothKeys()
    {
        using var writer = new CanonicalSnapshotWriter(Stream.Null, Header, "test snapshot");
        writer.Write(new SnapshotRecord("b", [FieldValue.Missing, FieldValue.Missing, FieldValue.Missing]));

        var error = Assert.Throws<MaoFormatException>(() => writer.Write(new SnapshotRecord("a", [FieldValue.Missing, FieldValue.Missing, FieldValue.Missing])));

        Assert.Contains("'a' comes after 'b'", error.Message);
        Assert.StartsWith("test snapshot", error.Message);
    }

    private static async Task<(string Id, int Count, int Spilled)> StreamAsync(IEnumerable<IEnumerable<SnapshotRecord>> units, int runRecords, int fanIn)
    {
        await using var sort = new ExternalRecordSort(() => new MemoryStream(), runRecords, fanIn);
        foreach (var record in units.SelectMany(u => u))
        {
            await sort.AddAsync(record, CancellationToken.None);
        }
        using var hashing = new ContentId.HashingStream();
        using var writer = new CanonicalSnapshotWriter(hashing, Header, "streamed");
        await foreach (var record in sort.SortedAsync(CancellationToken.None))
        {
            await writer.WriteAsync(record, CancellationToken.None);
        }
        var written = await writer.CompleteAsync(CancellationToken.None);
        return (hashing.HexDigest(), written.Records, sort.SpilledRuns);
    }
}
