using System.Globalization;
using Mao.Core.Model;

namespace Mao.Core.Csv;

/// <summary>
/// Reads a CSV snapshot whose shape a tool manifest declares. Rules: the header must name the index column and every
/// schema field (other columns are ignored); an empty cell is a missing value; numeric fields must parse as invariant
/// numbers; set fields hold their items separated by '|'; a key may appear once (a duplicate is an error, not a vote);
/// a snapshot without records is an error.
/// </summary>
public static class CsvSnapshotReader
{
    public const char SetSeparator = '|';

    public static Snapshot Read(Stream csv, SnapshotHeader header, string where)
    {
        using var reader = CsvReader.Open(csv, where);
        return Read(reader, header);
    }

    public static Snapshot Read(CsvReader reader, SnapshotHeader header)
    {
        var where = reader.Where;
        var schema = header.Schema;
        var names = reader.ReadHeader();
        var keyColumn = IndexOf(names, schema.Index);
        if (keyColumn < 0)
        {
            throw new MaoFormatException(where, $"header lacks the index column '{schema.Index}' (has: {string.Join(", ", names)})", 1, schema.Index);
        }
        var columns = new int[schema.Fields.Count];
        for (var f = 0; f < columns.Length; f++)
        {
            columns[f] = IndexOf(names, schema.Fields[f].Name);
            if (columns[f] < 0)
            {
                throw new MaoFormatException(where, $"header lacks the field column '{schema.Fields[f].Name}'", 1, schema.Fields[f].Name);
            }
        }
        var records = new List<SnapshotRecord>();
        var lineOfKey = new Dictionary<string, int>(StringComparer.Ordinal);
        while (reader.ReadRow() is { } row)
        {
            var key = row[keyColumn];
            if (key.Length == 0)
            {
                throw new MaoFormatException(where, "empty index value", reader.RowLine, schema.Index);
            }
            if (!lineOfKey.TryAdd(key, reader.RowLine))
            {
                throw new MaoFormatException(where,
                    $"duplicate index value '{key}' (first on line {lineOfKey[key]}): a key may appear once per snapshot", reader.RowLine, schema.Index);
            }
            var values = new FieldValue[columns.Length];
            for (var f = 0; f < columns.Length; f++)
            {
                values[f] = ParseCell(row[columns[f]], schema.Fields[f], where, reader.RowLine);
            }
            records.Add(new SnapshotRecord(key, values));
        }
        if (records.Count == 0)
        {
            throw new MaoFormatException(where, "empty snapshot: the header has no rows under it", reader.RowLine == 0 ? 1 : reader.RowLine);
        }
        return new Snapshot(header, records, where);
    }

    /// <summary>Converts one cell to a value of the field's kind; errors name file, line and column.</summary>
    public static FieldValue ParseCell(string cell, FieldSpec field, string where, int line)
    {
        if (cell.Length == 0)
        {
            return FieldValue.Missing;
        }
        switch (field.Kind)
        {
            case FieldKind.Performance or FieldKind.Count:
                if (TryParseNumber(cell, out var number))
                {
                    return FieldValue.Of(number);
                }
                throw new MaoFormatException(where, $"'{Shorten(cell)}' is not a number (use invariant digits with '.' as decimal point)", line, field.Name);
            case FieldKind.Set:
                return FieldValue.OfSet(cell.Split(SetSeparator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
            default:
                return FieldValue.Of(cell);
        }
    }

    /// <summary>Invariant, finite numbers only: "1e3", "-2.5", " 4 " parse; "1,5", "NaN", "inf" do not.</summary>
    public static bool TryParseNumber(string text, out double number) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out number) && double.IsFinite(number);

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] == name)
            {
                return i;
            }
        }
        return -1;
    }

    private static string Shorten(string text) => text.Length > 40 ? text[..40] + "..." : text;
}
