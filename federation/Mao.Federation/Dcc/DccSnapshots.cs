using Mao.Core;
using Mao.Core.Csv;
using Mao.Core.Model;

namespace Mao.Federation.Dcc;

/// <summary>A site's CSV as a snapshot, with each key's row position in the file (the prototype's row labels).</summary>
public sealed record DccSnapshot(Snapshot Snapshot, DccTable Table, IReadOnlyDictionary<string, int> RowOf);

public static class DccSnapshots
{
    public static DccSnapshot Build(DccFileSpec spec, DccTable table, IReadOnlyList<DccColumn> columns, DateTimeOffset observedAt)
    {
        var schema = new MetricSchema(spec.Index, columns.Select(c => new FieldSpec(c.Name, c.Kind)).ToArray());
        var keyColumn = table.ColumnOf(spec.Index);
        var positions = columns.Select(c => table.ColumnOf(c.Name)).ToArray();
        var rowOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var records = new List<SnapshotRecord>(table.Rows.Count);
        for (var r = 0; r < table.Rows.Count; r++)
        {
            var row = table.Rows[r];
            var key = row[keyColumn];
            if (key.Length == 0)
            {
                throw new MaoFormatException(table.Where, "empty index value", table.Lines[r], spec.Index);
            }
            if (!rowOf.TryAdd(key, r))
            {
                throw new MaoFormatException(table.Where,
                    $"duplicate index value '{key}' (first on line {table.Lines[rowOf[key]]}): a key may appear once per site (a duplicate is an error, not a vote)",
                    table.Lines[r], spec.Index);
            }
            var values = new FieldValue[columns.Count];
            for (var f = 0; f < values.Length; f++)
            {
                values[f] = CsvSnapshotReader.ParseCell(row[positions[f]], schema.Fields[f], table.Where, table.Lines[r]);
            }
            records.Add(new SnapshotRecord(key, values));
        }
        var header = new SnapshotHeader($"dcc-{spec.Prefix}", "prototype", table.Site, observedAt, schema);
        return new DccSnapshot(new Snapshot(header, records, table.Where), table, rowOf);
    }
}
