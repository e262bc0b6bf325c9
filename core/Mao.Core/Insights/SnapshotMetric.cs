using Mao.Core.Model;

namespace Mao.Core.Insights;

/// <summary>
/// How one snapshot (one day's ground truth) becomes one number. Missing values are skipped, never read as zero;
/// a metric with nothing to measure (a mean over no values) gives no point for that day.
/// </summary>
public abstract record SnapshotMetric
{
    /// <summary>The value for this snapshot, or null when the snapshot has nothing to measure.</summary>
    public abstract double? Measure(Snapshot snapshot, string where);

    /// <summary>Records whose set field contains <paramref name="Value"/>, or whose category field equals it.</summary>
    /// <param name="MatchVariants">
    /// Also count set items that are <paramref name="Value"/> plus a '/variant' suffix: "arm" then counts "arm/v7"
    /// and "arm/v6" (Docker platforms) but never "arm64".
    /// </param>
    public static SnapshotMetric CountContaining(string field, string value, bool matchVariants = false) => new CountContainingMetric(field, value, matchVariants);

    public static SnapshotMetric CountRecords() => new CountRecordsMetric();

    /// <summary>
    /// Share (0-1) of the records with a value in a set field whose set has more than <paramref name="items"/> items:
    /// with <c>architectures</c> and 1, the multi-architecture share of images. Records without the field are skipped.
    /// </summary>
    public static SnapshotMetric ShareWithMoreThan(string field, int items) => new ShareMetric(field, items);

    /// <summary>Sum of a numeric field over the records that have it.</summary>
    public static SnapshotMetric Sum(string field) => new NumericMetric(field, Average: false);

    /// <summary>Mean of a numeric field over the records that have it; no point when none has.</summary>
    public static SnapshotMetric Mean(string field) => new NumericMetric(field, Average: true);

    private protected static int FieldIndex(Snapshot snapshot, string field, string where, params FieldKind[] kinds)
    {
        var index = snapshot.Schema.IndexOf(field);
        if (index < 0)
        {
            throw new MaoFormatException(where, $"tool '{snapshot.Header.Tool}' has no field '{field}' (has: {string.Join(", ", snapshot.Schema.Fields.Select(f => f.Name))})");
        }
        var kind = snapshot.Schema.Fields[index].Kind;
        if (!kinds.Contains(kind))
        {
            throw new MaoFormatException(where, $"field '{field}' is {kind.ToString().ToLowerInvariant()}; this metric needs {string.Join(" or ", kinds.Select(k => k.ToString().ToLowerInvariant()))}");
        }
        return index;
    }

    private sealed record CountRecordsMetric : SnapshotMetric
    {
        public override double? Measure(Snapshot snapshot, string where) => snapshot.Records.Count;
    }

    private sealed record CountContainingMetric(string Field, string Value, bool MatchVariants) : SnapshotMetric
    {
        public override double? Measure(Snapshot snapshot, string where)
        {
            var index = FieldIndex(snapshot, Field, where, FieldKind.Set, FieldKind.Category);
            var count = 0;
            foreach (var record in snapshot.Records)
            {
                var value = record.Values[index];
                if (value.Kind == FieldValueKind.Text ? Matches(value.Text) : value.Kind == FieldValueKind.Set && value.Set.Any(Matches))
                {
                    count++;
                }
            }
            return count;
        }

        private bool Matches(string item) =>
            item == Value || (MatchVariants && item.Length > Value.Length && item[Value.Length] == '/' && item.StartsWith(Value, StringComparison.Ordinal));
    }

    private sealed record ShareMetric(string Field, int Items) : SnapshotMetric
    {
        public override double? Measure(Snapshot snapshot, string where)
        {
            var index = FieldIndex(snapshot, Field, where, FieldKind.Set);
            var measured = 0;
            var more = 0;
            foreach (var record in snapshot.Records)
            {
                if (record.Values[index].Kind == FieldValueKind.Set)
                {
                    measured++;
                    more += record.Values[index].Set.Count > Items ? 1 : 0;
                }
            }
            return measured > 0 ? (double)more / measured : null;
        }
    }

    private sealed record NumericMetric(string Field, bool Average) : SnapshotMetric
    {
        public override double? Measure(Snapshot snapshot, string where)
        {
            var index = FieldIndex(snapshot, Field, where, FieldKind.Count, FieldKind.Performance);
            double sum = 0;
            var count = 0;
            foreach (var record in snapshot.Records)
            {
                if (record.Values[index].Kind == FieldValueKind.Number)
                {
                    sum += record.Values[index].Number;
                    count++;
                }
            }
            return Average ? (count > 0 ? sum / count : null) : sum;
        }
    }
}
