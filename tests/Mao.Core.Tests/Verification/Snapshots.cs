using Mao.Core.Model;
using Mao.Core.Verification;

namespace Mao.Core.Tests.Verification;

/// <summary>Builds small snapshots for verification tests.</summary>
internal static class Snapshots
{
    public static readonly DateTimeOffset ObservedAt = new(2026, 11, 27, 0, 0, 0, TimeSpan.Zero);

    public static MetricSchema Schema(params (string Name, FieldKind Kind)[] fields) =>
        new("key", fields.Select(f => new FieldSpec(f.Name, f.Kind)).ToArray());

    public static readonly MetricSchema Latency = Schema(("latency", FieldKind.Performance));

    public static Snapshot Of(string site, MetricSchema schema, params (string Key, object?[] Values)[] records) =>
        new(new SnapshotHeader("tool", "1", site, ObservedAt, schema),
            records.Select(r => new SnapshotRecord(r.Key, r.Values.Select(ToValue).ToArray())));

    /// <summary>One record "r" with one performance value per site: sites s1, s2, ... in order.</summary>
    public static Snapshot[] OneNumberPerSite(params double[] values) =>
        values.Select((v, i) => Of($"s{i + 1}", Latency, ("r", [v]))).ToArray();

    public static FieldValue ToValue(object? value) => value switch
    {
        null => FieldValue.Missing,
        double d => FieldValue.Of(d),
        int i => FieldValue.Of(i),
        string s => FieldValue.Of(s),
        string[] set => FieldValue.OfSet(set),
        FieldValue v => v,
        _ => throw new ArgumentException($"unsupported test value {value}"),
    };

    public static (VerificationSummary Summary, IReadOnlyList<RecordVerdict> Verdicts) Verify(VotePolicy? policy, params Snapshot[] snapshots) =>
        new VerificationEngine(policy).Run(snapshots);

    public static FieldVerdict Single(VotePolicy? policy, params Snapshot[] snapshots) =>
        Verify(policy, snapshots).Verdicts.Single().Fields[0];

    public static string[] Names(this SiteSet set) => set.Indexes().Select(i => $"s{i + 1}").ToArray();
}
