using System.Globalization;
using Mao.Core.Model;

namespace Mao.Core.Insights;

/// <summary>One day's ground truth and, when known, how many sites verified it.</summary>
public sealed record VerifiedSnapshot(Snapshot Snapshot, int? Support = null);

/// <summary>Builds series from ground-truth snapshots. Pure: the caller reads the snapshots from wherever they are kept.</summary>
public static class SnapshotSeries
{
    /// <summary>
    /// One point per snapshot, dated by its observation day (UTC): e.g. images per architecture per day from daily
    /// Docker Hub tag snapshots. Days without a snapshot are gaps; two snapshots on one day are an error.
    /// </summary>
    public static Series Build(string name, IEnumerable<VerifiedSnapshot> snapshots, SnapshotMetric metric)
    {
        var points = new List<SeriesPoint>();
        var seen = new Dictionary<DateOnly, string>();
        foreach (var (snapshot, support) in snapshots)
        {
            var day = DateOnly.FromDateTime(snapshot.Header.ObservedAt.UtcDateTime);
            var where = $"snapshot of '{snapshot.Header.Tool}' at '{snapshot.Header.Site}' observed {snapshot.Header.ObservedAt:O}";
            if (!seen.TryAdd(day, where))
            {
                throw new MaoFormatException(where, $"a second snapshot for {day:yyyy-MM-dd} (the first: {seen[day]}): a series takes one per day");
            }
            if (metric.Measure(snapshot, where) is { } value)
            {
                points.Add(new SeriesPoint(day, value, support));
            }
        }
        return new Series(name, points, name);
    }

    /// <summary>
    /// A series from one snapshot whose records are keyed by day (the dockerhub-arch tool's index is its date):
    /// a record's numeric <paramref name="field"/> is that day's value; a missing value is a gap.
    /// </summary>
    public static Series FromDatedRecords(Snapshot snapshot, string field, int? support = null)
    {
        var where = $"snapshot of '{snapshot.Header.Tool}' at '{snapshot.Header.Site}'";
        var index = snapshot.Schema.IndexOf(field);
        if (index < 0 || !snapshot.Schema.Fields[index].IsNumeric)
        {
            throw new MaoFormatException(where, $"no numeric field '{field}' (numeric fields: {string.Join(", ", snapshot.Schema.Fields.Where(f => f.IsNumeric).Select(f => f.Name))})");
        }
        var points = new List<SeriesPoint>();
        foreach (var record in snapshot.Records)
        {
            if (!DateOnly.TryParseExact(record.Key.Length >= 10 ? record.Key[..10] : record.Key, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                throw new MaoFormatException(where, $"record key '{record.Key}' is not a date (yyyy-MM-dd): the records must be keyed by day", column: snapshot.Schema.Index);
            }
            if (record.Values[index].Kind == FieldValueKind.Number)
            {
                points.Add(new SeriesPoint(day, record.Values[index].Number, support));
            }
        }
        return new Series(field, points, where);
    }
}
