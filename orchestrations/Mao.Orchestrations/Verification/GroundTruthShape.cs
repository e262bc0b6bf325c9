using Mao.Core;
using Mao.Core.Model;
using Mao.Core.Verification;

namespace Mao.Orchestrations.Verification;

/// <summary>
/// The shape of a ground-truth snapshot: the tool's fields with their voted values first (so value i is still schema
/// field i), then <c>&lt;field&gt;.mean/.min/.max/.median</c> for each numeric field, then the record's <c>support</c> and
/// <c>dissent</c> as site sets and <c>contested</c>, the fields whose vote was a tie or a weak majority (never silently resolved). Built only from the verdict, so the same observations always give the same bytes.
/// </summary>
public static class GroundTruthShape
{
    public const string Support = "support";
    public const string Dissent = "dissent";
    public const string Contested = "contested";
    public static readonly IReadOnlyList<string> Statistics = ["mean", "min", "max", "median"];

    public static string StatisticField(string field, string statistic) => $"{field}.{statistic}";

    /// <summary>The ground truth's schema for a tool schema; a tool field named like an added column is an error.</summary>
    public static MetricSchema SchemaOf(MetricSchema tool)
    {
        var fields = new List<FieldSpec>(tool.Fields);
        foreach (var field in tool.Fields.Where(f => f.IsNumeric))
        {
            fields.AddRange(Statistics.Select(s => new FieldSpec(StatisticField(field.Name, s), FieldKind.Performance, $"{s} of the values behind {field.Name}")));
        }
        fields.Add(new FieldSpec(Support, FieldKind.Set, "sites that agreed with every (uncontested) value of the record they reported"));
        fields.Add(new FieldSpec(Dissent, FieldKind.Set, "sites that disagreed with at least one (uncontested) value of the record"));
        fields.Add(new FieldSpec(Contested, FieldKind.Set, "fields whose vote was a tie or a weak majority: their value is not settled"));
        var schema = new MetricSchema(tool.Index, fields);
        try
        {
            schema.Validate("ground truth schema");
        }
        catch (MaoFormatException e)
        {
            throw new MaoFormatException("ground truth schema",
                $"the tool's fields clash with the columns ground truth adds (<field>.mean/min/max/median, support, dissent, contested): {e.Message}");
        }
        return schema;
    }

    /// <summary>Mean, min, max and median of every number the sites reported for a field (null when none did).</summary>
    private static NumericStats? Reported(RecordVerdict verdict, int field)
    {
        var numbers = verdict.SeenBy.Indexes().Select(s => verdict.Observed(s, field))
            .Where(v => v.Kind == FieldValueKind.Number).Select(v => v.Number).Order().ToArray();
        if (numbers.Length == 0)
        {
            return null;
        }
        var middle = numbers.Length / 2;
        var median = numbers.Length % 2 == 1 ? numbers[middle] : (numbers[middle - 1] + numbers[middle]) / 2;
        return new NumericStats(numbers.Average(), numbers[0], numbers[^1], median, 0, numbers.Length, SiteSet.Empty, SiteSet.Empty);
    }

    /// <summary>
    /// One ground-truth record from a verdict. Contested fields (a tie) name nobody: no site is shown to be wrong there,
    /// as in the engine's tallies. A site supports the record when it agreed on some field and dissented on none.
    /// </summary>
    public static SnapshotRecord RecordOf(RecordVerdict verdict, MetricSchema groundTruth)
    {
        var values = new FieldValue[groundTruth.Fields.Count];
        var tool = verdict.Schema.Fields;
        var next = tool.Count;
        var support = SiteSet.Empty;
        var dissent = SiteSet.Empty;
        var contested = new List<string>();
        for (var i = 0; i < tool.Count; i++)
        {
            var field = verdict.Fields[i];
            values[i] = field.Value;
            if (tool[i].IsNumeric)
            {
                // No statistics (nobody reported a value): the four columns stay missing, in order (Statistics).
                // A contested field excluded nobody: its statistics cover every reported value, so the spread shows.
                if ((field.Contested ? Reported(verdict, i) : field.Stats) is { } stats)
                {
                    values[next] = FieldValue.Of(stats.Mean);
                    values[next + 1] = FieldValue.Of(stats.Min);
                    values[next + 2] = FieldValue.Of(stats.Max);
                    values[next + 3] = FieldValue.Of(stats.Median);
                }
                next += Statistics.Count;
            }
            if (field.Contested)
            {
                contested.Add(tool[i].Name);
            }
            else
            {
                support = support.Union(field.Support);
                dissent = dissent.Union(field.Dissent);
            }
        }
        values[next++] = FieldValue.OfSet(support.Except(dissent).Names(verdict.Sites));
        values[next++] = FieldValue.OfSet(dissent.Names(verdict.Sites));
        values[next] = FieldValue.OfSet(contested);
        return new SnapshotRecord(verdict.Key, values);
    }
}
