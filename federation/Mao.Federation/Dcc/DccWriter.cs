using System.Text;
using Mao.Core.Csv;
using Mao.Core.Model;
using Mao.Core.Verification;

namespace Mao.Federation.Dcc;

/// <summary>
/// Writes the files the prototype wrote for a prefix, from our verdicts: <c>&lt;prefix&gt;_aggregate.csv</c>
/// (index, per column min, node_id_min, max, node_id_max, mean), <c>&lt;prefix&gt;_mean.csv</c> (row label, index,
/// the non-metric columns' ground truth, numeric means), <c>&lt;prefix&gt;_outliers.json</c> ([key, column, value, site]
/// per dissent) and <c>&lt;prefix&gt;_concat_no_outliers.csv</c> (every site's rows, outliers blanked).
/// Verdicts arrive in key order, which is pandas' groupby order. They are kept until <see cref="Write"/>: whether
/// pandas printed a whole-number column as ints depends on whether any of its values was an outlier.
/// </summary>
public sealed class DccWriter : IVerdictSink
{
    private readonly DccPrefix _prefix;
    private readonly string[] _siteOrder; // verdict site index -> name
    private readonly List<RecordVerdict> _verdicts = [];
    private CsvWriter _aggregate = null!;
    private CsvWriter _mean = null!;
    private readonly int[] _numeric;       // field indexes of numeric columns, CSV order
    private readonly int[] _meanColumns;   // field indexes shown as values in _mean.csv (CSV order, minus metrics), -1 = index
    private readonly HashSet<(int Site, string Key, int Field)> _outliers = [];
    private readonly StringBuilder _outliersJson = new("[");
    private readonly bool[] _fieldHasOutliers;

    public DccWriter(DccPrefix prefix, IReadOnlyList<string> sites)
    {
        _prefix = prefix;
        _siteOrder = sites.ToArray();
        var columns = prefix.Columns;
        _numeric = Enumerable.Range(0, columns.Count).Where(f => columns[f].Kind is FieldKind.Performance or FieldKind.Count).ToArray();
        _fieldHasOutliers = new bool[columns.Count];
        var header = prefix.Sites[0].Table.Header;
        _meanColumns = header.Where(h => !prefix.Spec.Metrics.Contains(h))
            .Select(h => h == prefix.Spec.Index ? -1 : IndexOf(columns, h)).ToArray();
    }

    /// <summary>Writes the prototype's four files for everything accepted so far.</summary>
    public void Write(TextWriter aggregate, TextWriter mean, TextWriter outliers, TextWriter concatNoOutliers)
    {
        var columns = _prefix.Columns;
        _aggregate = new CsvWriter(aggregate);
        _aggregate.WriteRow(AggregateHeader(_prefix));
        _mean = new CsvWriter(mean);
        _mean.WriteRow(new[] { "" }.Concat(_meanColumns.Select(f => f < 0 ? _prefix.Spec.Index : columns[f].Name))
            .Concat(_numeric.Select(f => columns[f].Name + "_mean")));
        foreach (var verdict in _verdicts)
        {
            WriteAggregate(verdict);
            WriteMean(verdict);
        }
        outliers.Write(_outliersJson.ToString() + "]");
        WriteConcatNoOutliers(concatNoOutliers);
    }

    private static string[] AggregateHeader(DccPrefix prefix)
    {
        var names = prefix.Columns.Select(c => c.Name).ToArray();
        var numeric = prefix.Columns.Where(c => c.Kind != FieldKind.Category && c.Kind != FieldKind.Set).Select(c => c.Name);
        return [prefix.Spec.Index, .. names.Select(n => n + "_min"), "node_id_min", .. names.Select(n => n + "_max"), "node_id_max", .. numeric.Select(n => n + "_mean")];
    }

    public void Accept(RecordVerdict verdict)
    {
        var fields = verdict.Fields;
        for (var f = 0; f < fields.Length; f++)
        {
            foreach (var site in fields[f].Dissent.Indexes())
            {
                _outliers.Add((site, verdict.Key, f));
                _fieldHasOutliers[f] = true;
                _outliersJson.Append(_outliersJson.Length > 1 ? ", " : "")
                    .Append('[').Append(PythonText.JsonString(verdict.Key)).Append(", ")
                    .Append(PythonText.JsonString(_prefix.Columns[f].Name)).Append(", ")
                    .Append(JsonValue(verdict.Observed(site, f), _prefix.Columns[f])).Append(", ")
                    .Append(PythonText.JsonString(_siteOrder[site])).Append(']');
            }
        }
        _verdicts.Add(verdict.Detach());
    }

    private void WriteAggregate(RecordVerdict verdict)
    {
        var fields = verdict.Fields;
        var row = new List<string> { verdict.Key };
        row.AddRange(fields.Select((v, f) => Extreme(v, f, min: true)));
        // The prototype took min()/max() of the site names; we name the site holding the first numeric column's extreme.
        row.Add(ExtremeSite(verdict, min: true));
        row.AddRange(fields.Select((v, f) => Extreme(v, f, min: false)));
        row.Add(ExtremeSite(verdict, min: false));
        row.AddRange(_numeric.Select(f => fields[f].Stats is { } s ? PythonText.Float(s.Mean) : ""));
        _aggregate.WriteRow(row);
    }

    private string Extreme(in FieldVerdict verdict, int field, bool min)
    {
        var column = _prefix.Columns[field];
        if (verdict.Stats is { } stats)
        {
            return PythonText.Number(min ? stats.Min : stats.Max, Integral(field));
        }
        return Text(verdict.Value, column, field);
    }

    private string ExtremeSite(RecordVerdict verdict, bool min)
    {
        SiteSet sites = verdict.SeenBy;
        if (_numeric.Length > 0 && verdict.Fields[_numeric[0]].Stats is { } stats)
        {
            sites = min ? stats.MinSites : stats.MaxSites;
        }
        // Several sites at an extreme: the first name for the minimum, the last for the maximum (as the prototype's min/max of names).
        var site = min ? sites.First : sites.Last;
        return site < 0 ? "" : _siteOrder[site];
    }

    private void WriteMean(RecordVerdict verdict)
    {
        var row = new List<string> { RowLabel(verdict) };
        row.AddRange(_meanColumns.Select(f => f < 0 ? verdict.Key : Text(verdict.Fields[f].Value, _prefix.Columns[f], f)));
        row.AddRange(_numeric.Select(f => verdict.Fields[f].Stats is { } s ? PythonText.Float(s.Mean) : ""));
        _mean.WriteRow(row);
    }

    /// <summary>The row position in the file of the last site (by name) that agrees on every shown column, as pandas' keep='last'.</summary>
    private string RowLabel(RecordVerdict verdict)
    {
        var agreeing = verdict.SeenBy;
        foreach (var f in _meanColumns.Where(f => f >= 0))
        {
            var support = verdict.Fields[f].Support;
            agreeing = new SiteSet(agreeing.Mask & (support.IsEmpty ? agreeing.Mask : support.Mask));
        }
        var site = agreeing.IsEmpty ? verdict.SeenBy.Last : agreeing.Last;
        var name = _siteOrder[site];
        var snapshot = _prefix.Sites.First(s => s.Table.Site == name);
        return snapshot.RowOf[verdict.Key].ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private string Text(FieldValue value, DccColumn column, int field) => value.Kind switch
    {
        FieldValueKind.Number => PythonText.Number(value.Number, Integral(field)),
        FieldValueKind.Missing => "",
        _ => value.ToString(),
    };

    /// <summary>pandas keeps a whole-number column as int64 unless blanking an outlier turned it into floats.</summary>
    private bool Integral(int field) => _prefix.Columns[field].Integral && !_fieldHasOutliers[field];

    private static string JsonValue(FieldValue value, DccColumn column) => value.Kind switch
    {
        FieldValueKind.Number => PythonText.Number(value.Number, column.Integral),
        FieldValueKind.Text => PythonText.JsonString(value.Text),
        FieldValueKind.Set => PythonText.JsonString(value.ToString()),
        _ => "null",
    };

    /// <summary>Every site's rows in file order with outliers blanked, and the site as node_id.</summary>
    private void WriteConcatNoOutliers(TextWriter output)
    {
        var csv = new CsvWriter(output);
        var header = _prefix.Sites[0].Table.Header;
        csv.WriteRow(new[] { "" }.Concat(header).Append("node_id"));
        foreach (var site in _prefix.Sites.OrderBy(s => s.Table.Site, StringComparer.Ordinal))
        {
            var siteIndex = Array.IndexOf(_siteOrder, site.Table.Site);
            var table = site.Table;
            var keyColumn = table.ColumnOf(_prefix.Spec.Index);
            for (var r = 0; r < table.Rows.Count; r++)
            {
                var key = table.Rows[r][keyColumn];
                var row = new List<string> { r.ToString(System.Globalization.CultureInfo.InvariantCulture) };
                foreach (var name in header)
                {
                    var cell = table.Rows[r][table.ColumnOf(name)];
                    var f = IndexOf(_prefix.Columns, name);
                    row.Add(f < 0 ? cell : _outliers.Contains((siteIndex, key, f)) ? "" : Cell(cell, f));
                }
                row.Add(site.Table.Site);
                csv.WriteRow(row);
            }
        }
    }

    private string Cell(string cell, int field) =>
        cell.Length > 0 && _prefix.Columns[field].Kind != FieldKind.Category && CsvSnapshotReader.TryParseNumber(cell, out var number)
            ? PythonText.Number(number, Integral(field))
            : cell;

    private static int IndexOf(IReadOnlyList<DccColumn> columns, string name)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            if (columns[i].Name == name) return i;
        }
        return -1;
    }
}
