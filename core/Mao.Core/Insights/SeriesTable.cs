namespace Mao.Core.Insights;

/// <summary>Several series over the same days, in column order (what a time-series CSV holds).</summary>
public sealed class SeriesTable
{
    private readonly Dictionary<string, Series> _byName;

    public SeriesTable(IReadOnlyList<Series> columns, string where)
    {
        Columns = columns;
        Where = where;
        _byName = new Dictionary<string, Series>(StringComparer.Ordinal);
        foreach (var column in columns)
        {
            if (!_byName.TryAdd(column.Name, column))
            {
                throw new MaoFormatException(where, $"two series are named '{column.Name}'");
            }
        }
    }

    public IReadOnlyList<Series> Columns { get; }

    /// <summary>Where the table came from (a file name), for error messages.</summary>
    public string Where { get; }

    public IEnumerable<string> Names => Columns.Select(c => c.Name);

    /// <summary>The series called <paramref name="name"/>; an unknown name is an error that lists the known ones.</summary>
    public Series Get(string name) =>
        _byName.TryGetValue(name, out var series)
            ? series
            : throw new MaoFormatException(Where, $"no series '{name}' (has: {string.Join(", ", Names)})");

    /// <summary>The series a metric expression such as <c>ARM=arm_images+arm64_images</c> describes.</summary>
    public Series Select(MetricExpression metric)
    {
        var parts = metric.Columns.Select(Get).ToArray();
        return parts.Length == 1 ? parts[0].Rename(metric.Label) : Series.Sum(metric.Label, parts);
    }
}
