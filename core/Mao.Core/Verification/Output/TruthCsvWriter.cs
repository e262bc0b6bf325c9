using System.Globalization;
using Mao.Core.Csv;
using Mao.Core.Model;

namespace Mao.Core.Verification.Output;

/// <summary>
/// Native ground truth as CSV, one row per record and field. Site lists are joined with ';', dissent as
/// <c>site=value</c> pairs (sets inside a value are joined with '|'); the JSON lines output is exact where a value
/// itself holds ';' or '='.
/// </summary>
public sealed class TruthCsvWriter : IVerdictSink
{
    public static readonly string[] Columns =
    [
        "key", "field", "value", "contested", "flags", "agreement", "support_count", "support", "dissent", "silent",
        "mean", "min", "max", "median", "stddev", "count", "min_sites", "max_sites",
    ];

    private readonly CsvWriter _csv;
    private readonly string[] _row = new string[Columns.Length];

    public TruthCsvWriter(TextWriter output)
    {
        _csv = new CsvWriter(output);
        _csv.WriteRow(Columns);
    }

    public void Accept(RecordVerdict verdict)
    {
        var sites = verdict.Sites;
        for (var f = 0; f < verdict.Fields.Length; f++)
        {
            ref readonly var field = ref verdict.Fields[f];
            var fieldIndex = f;
            _row[0] = verdict.Key;
            _row[1] = verdict.Schema.Fields[f].Name;
            _row[2] = Text(field.Value);
            _row[3] = field.Contested ? "true" : "false";
            _row[4] = string.Join(';', (field.Flags | verdict.Flags).Names());
            _row[5] = Number(Math.Round(field.Agreement, 6));
            _row[6] = field.Support.Count.ToString(CultureInfo.InvariantCulture);
            _row[7] = string.Join(';', field.Support.Names(sites));
            _row[8] = string.Join(';', field.Dissent.Indexes().Select(s => $"{sites[s]}={Text(verdict.Observed(s, fieldIndex))}"));
            _row[9] = string.Join(';', field.Silent.Names(sites));
            var stats = field.Stats;
            _row[10] = stats is { } a ? Number(a.Mean) : "";
            _row[11] = stats is { } b ? Number(b.Min) : "";
            _row[12] = stats is { } c ? Number(c.Max) : "";
            _row[13] = stats is { } d ? Number(d.Median) : "";
            _row[14] = stats is { } e ? Number(e.StdDev) : "";
            _row[15] = stats is { } g ? g.Count.ToString(CultureInfo.InvariantCulture) : "";
            _row[16] = stats is { } h ? string.Join(';', h.MinSites.Names(sites)) : "";
            _row[17] = stats is { } i ? string.Join(';', i.MaxSites.Names(sites)) : "";
            _csv.WriteRow(_row);
        }
    }

    private static string Text(FieldValue value) => value.ToString();

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
