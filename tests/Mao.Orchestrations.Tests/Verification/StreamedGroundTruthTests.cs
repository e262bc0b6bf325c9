using Mao.Core.Model;
using Mao.Core.Serialization;
using Mao.Core.Verification;
using Mao.Orchestrations.Ports;
using Mao.Orchestrations.Verification;

namespace Mao.Orchestrations.Tests.Verification;

/// <summary>
/// The round's ground truth is streamed through the canonical writer as the engine decides each record. Its bytes must be
/// those of the in-memory path it replaced (every verdict kept, a <see cref="Snapshot"/> built of them, serialised), or
/// ground truth published before and after the change would differ. Property-style: seeded random rounds of 2-6 sites
/// with numeric, count, category and set fields, keys held by some sites only, missing values, liars, a site with another
/// schema now and then.
/// </summary>
public sealed class StreamedGroundTruthTests
{
    private const string Tool = "bench";

    private static readonly MetricSchema Schema = new("artefact",
    [
        new FieldSpec("latency", FieldKind.Performance),
        new FieldSpec("tags", FieldKind.Count),
        new FieldSpec("publisher", FieldKind.Category),
        new FieldSpec("architectures", FieldKind.Set),
    ]);

    private static readonly MetricSchema OtherSchema = new("artefact", [new FieldSpec("latency", FieldKind.Performance)]);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void StreamedGroundTruth_SameContentIdAsTheInMemoryPath_OnRandomRounds(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 50; round++)
        {
            var snapshots = RandomRound(random);
            var history = random.Next(2) == 0 ? null : new SiteHistory(snapshots.ToDictionary(s => s.Header.Site, _ => new SiteTrack(random.Next(0, 50), 50)));

            using var streamed = new MemoryStream();
            var outcome = new EngineVerifier().Verify(Input(snapshots, history), streamed);
            var expected = InMemoryGroundTruth(snapshots, history);

            var where = $"seed {seed}, round {round} ({snapshots.Count} sites, {snapshots.Sum(s => s.Records.Count)} records)";
            Assert.True(expected.ContentId == ContentId.Of(streamed.ToArray()), $"{where}: streamed ground truth differs from the in-memory one");
            Assert.True(expected.Records.Count == outcome.GroundTruth.Records, $"{where}: record count");
            Assert.True(expected.Schema.Equivalent(outcome.GroundTruth.Header.Schema), $"{where}: schema"); // the rest of the header is in the content id
        }
    }

    private static VerificationInput Input(IReadOnlyList<Snapshot> snapshots, SiteHistory? history) =>
        new(Tool, "round-1", "site-0", snapshots.Select(s => new SiteObservation(s.Header.Site, s)).ToArray(), history);

    /// <summary>The path before streaming: every verdict's record collected, then one <see cref="Snapshot"/> of them.</summary>
    private static Snapshot InMemoryGroundTruth(IReadOnlyList<Snapshot> snapshots, SiteHistory? history)
    {
        var comparable = snapshots.Where(s => s.Schema.Equivalent(Schema)).OrderBy(s => s.Header.Site, StringComparer.Ordinal).ToArray();
        var schema = GroundTruthShape.SchemaOf(Schema);
        var collector = new VerdictCollector();
        new VerificationEngine(EngineVerifier.RoundPolicy, history).Run(comparable.Select(s => (IRecordSource)new SnapshotRecordSource(s)).ToList(), collector);
        var header = new SnapshotHeader(Tool, comparable.Single(s => s.Header.Site == "site-0").Header.ToolVersion, EngineVerifier.GroundTruthSite,
            comparable.Max(s => s.Header.ObservedAt), schema);
        return new Snapshot(header, collector.Verdicts.Select(v => GroundTruthShape.RecordOf(v, schema)));
    }

    private static List<Snapshot> RandomRound(Random random)
    {
        var sites = random.Next(2, 7);
        var keys = Enumerable.Range(0, random.Next(1, 60)).Select(i => $"k{random.Next(1000):D3}-{i}").ToArray();
        var truth = keys.ToDictionary(k => k, _ => (Latency: random.Next(1, 1000) + random.NextDouble(), Tags: (double)random.Next(1, 20),
            Publisher: $"p{random.Next(4)}", Architectures: Pick(random, ["amd64", "arm64", "s390x", "ppc64le"])));
        var snapshots = new List<Snapshot>();
        for (var s = 0; s < sites; s++)
        {
            var site = $"site-{s}";
            var observedAt = new DateTimeOffset(2026, 11, 1, random.Next(0, 23), random.Next(0, 59), 0, TimeSpan.Zero);
            if (s > 0 && random.Next(10) == 0)
            {
                snapshots.Add(new Snapshot(new SnapshotHeader(Tool, "1.0", site, observedAt, OtherSchema),
                    keys.Select(k => new SnapshotRecord(k, [FieldValue.Of(random.Next(100))]))));
                continue;
            }
            var liar = random.Next(4) == 0;
            var records = new List<SnapshotRecord>();
            foreach (var key in keys.Where((_, i) => i == 0 || random.Next(8) != 0)) // the engine refuses an empty snapshot
            {
                var t = truth[key];
                var wrong = liar && random.Next(3) == 0;
                records.Add(new SnapshotRecord(key,
                [
                    random.Next(15) == 0 ? FieldValue.Missing : FieldValue.Of(wrong ? t.Latency * 40 : t.Latency * (1 + (random.NextDouble() - 0.5) / 50)),
                    FieldValue.Of(wrong ? t.Tags + 1 : t.Tags),
                    random.Next(15) == 0 ? FieldValue.Missing : FieldValue.Of(wrong ? "evil" : t.Publisher),
                    FieldValue.OfSet(wrong ? ["evil"] : t.Architectures),
                ]));
            }
            snapshots.Add(new Snapshot(new SnapshotHeader(Tool, s == 0 ? "1.2" : "1.0", site, observedAt, Schema), records));
        }
        return snapshots;
    }

    private static string[] Pick(Random random, string[] from) => from.Where(_ => random.Next(2) == 0).ToArray();
}
