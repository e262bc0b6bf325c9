using FsCheck;
using FsCheck.Fluent;
using Mao.Core.Model;
using static Mao.Core.Tests.Verification.Snapshots;

namespace Mao.Core.Tests.Verification;

/// <summary>Snapshots of 1-8 sites over a few keys, with values from small pools so clusters, ties and gaps occur.</summary>
public sealed record Federation(Snapshot[] Snapshots)
{
    public override string ToString() => string.Join("\n", Snapshots.Select(s =>
        $"{s.Header.Site}: " + string.Join(" ", s.Records.Select(r => $"{r.Key}=[{string.Join(",", r.Values)}]"))));
}

/// <summary>One record seen by 3-21 sites, a minority of which lie about everything.</summary>
public sealed record LiarScenario(int Sites, int[] Liars, double Truth, double[] Noise, double[] Lies, int TrueCount, bool FarLies = false)
{
    public static readonly MetricSchema Schema = Mao.Core.Tests.Verification.Snapshots.Schema(("latency", FieldKind.Performance), ("count", FieldKind.Count), ("label", FieldKind.Category));

    public IEnumerable<int> LiarIndexes() => Liars.Order();

    public IEnumerable<double> HonestValues() => Enumerable.Range(0, Sites).Where(i => !Liars.Contains(i)).Select(i => Truth * (1 + Noise[i]));

    public Snapshot[] Build() => Enumerable.Range(0, Sites).Select(i =>
    {
        var lying = Liars.Contains(i);
        var latency = !lying ? Truth * (1 + Noise[i]) : FarLies ? Truth * (2 + Math.Abs(Lies[i])) : Lies[i];
        object?[] values = lying ? [latency, TrueCount + 1 + i % 2, $"lie{i % 2}"] : [latency, TrueCount, "honest"];
        return Of($"s{i:00}", Schema, ("r", values));
    }).ToArray();
}

public static class VerificationArbitraries
{
    private static readonly MetricSchema Mixed = Schema(
        ("latency", FieldKind.Performance), ("tags", FieldKind.Count), ("publisher", FieldKind.Category), ("archs", FieldKind.Set));

    public static Arbitrary<Federation> Federation() =>
        (from siteCount in Gen.Choose(1, 8)
         from snapshots in Gen.ArrayOf(SiteSnapshot(), siteCount)
         select new Federation(snapshots.Select((s, i) => new Snapshot(s.Header with { Site = $"site{i}" }, s.Records)).ToArray()))
        .ToArbitrary();

    private static Gen<Snapshot> SiteSnapshot() =>
        from keys in Gen.SubListOf(["a", "b", "c", "d", "e"])
        from values in Gen.ArrayOf(Gen.ArrayOf(Value(), 4), 5)
        let records = keys.Count == 0 ? ["a"] : keys
        select new Snapshot(new SnapshotHeader("tool", "1", "x", ObservedAt, Mixed),
            records.Select((k, i) => new SnapshotRecord(k, Typed(values[i]))));

    private static Gen<object?> Value() => Gen.OneOf(
        Gen.Choose(0, 3).Select(i => (object?)i),
        Gen.Choose(0, 1000).Select(i => (object?)(i / 10.0)),
        Gen.Constant((object?)null));

    private static FieldValue[] Typed(object?[] raw) =>
    [
        raw[0] is null ? FieldValue.Missing : FieldValue.Of(Convert.ToDouble(raw[0])),
        raw[1] is null ? FieldValue.Missing : FieldValue.Of((int)Convert.ToDouble(raw[1]) % 3),
        raw[2] is null ? FieldValue.Missing : FieldValue.Of(new[] { "Acme", "acme ", "Other" }[(int)Convert.ToDouble(raw[2]) % 3]),
        raw[3] is null ? FieldValue.Missing : FieldValue.OfSet(new[] { "amd64", "arm64", "s390x" }.Take(1 + (int)Convert.ToDouble(raw[3]) % 3)),
    ];

    public static Arbitrary<LiarScenario> LiarScenario() =>
        (from sites in Gen.Choose(3, 21)
         from liarCount in Gen.Choose(1, (sites - 1) / 2)
         from order in Gen.Shuffle(Enumerable.Range(0, sites).ToArray())
         from truth in Gen.Choose(1, 1_000_000)
         from noise in Gen.ArrayOf(Gen.Choose(-1000, 1000).Select(n => n / 100_000.0), sites)
         from lies in Gen.ArrayOf(Lie(truth), sites)
         from trueCount in Gen.Choose(0, 10_000)
         select new LiarScenario(sites, order.Take(liarCount).ToArray(), truth, noise, lies, trueCount))
        .ToArbitrary();

    /// <summary>Arbitrary lies: huge, negative, zero, coordinated, or sneaking in just beyond the honest values.</summary>
    private static Gen<double> Lie(int truth) => Gen.OneOf(
        Gen.Choose(-1_000_000, 1_000_000).Select(n => n * 1000.0),
        Gen.Constant(0.0),
        Gen.Constant(truth * 3.0),
        Gen.Choose(101, 200).Select(p => truth * p / 100.0),
        Gen.Choose(50, 99).Select(p => truth * p / 100.0));
}
