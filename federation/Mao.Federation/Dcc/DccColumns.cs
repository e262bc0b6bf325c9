using Mao.Core;
using Mao.Core.Csv;
using Mao.Core.Model;

namespace Mao.Federation.Dcc;

/// <summary>A CSV column of a prefix with the kind it is verified as and whether all its numbers are whole.</summary>
public sealed record DccColumn(string Name, FieldKind Kind, bool Integral);

/// <summary>
/// Decides how each column is verified, as the prototype did by looking at the data: columns listed in
/// <c>metrics</c> are performance metrics (non-numeric text there is an error); columns listed in <c>props</c> are
/// exact counts when every site's every value is a number, else categories; unlisted columns are performance
/// metrics when all numeric, else categories. All sites must have the same columns.
/// </summary>
public static class DccColumns
{
    public static IReadOnlyList<DccColumn> Infer(DccFileSpec spec, IReadOnlyList<DccTable> tables)
    {
        var first = tables[0];
        var names = first.Header.Where(h => h != spec.Index).ToArray();
        foreach (var table in tables)
        {
            var missing = names.Except(table.Header).Concat(table.Header.Except(first.Header)).FirstOrDefault();
            if (missing is not null)
            {
                throw new MaoFormatException(table.Where, $"columns differ from {first.Where}: '{missing}' is not in both", 1, missing);
            }
        }
        foreach (var listed in spec.Metrics.Concat(spec.Props))
        {
            if (!first.Header.Contains(listed))
            {
                throw new MaoFormatException(first.Where, $"meta.json names column '{listed}' for prefix '{spec.Prefix}' but the header lacks it", 1, listed);
            }
        }
        return names.Select(name => Infer(name, spec.Metrics.Contains(name), spec.Props.Contains(name), tables)).ToArray();
    }

    private static DccColumn Infer(string name, bool metric, bool prop, IReadOnlyList<DccTable> tables)
    {
        var numeric = true;
        var integral = true;
        foreach (var table in tables)
        {
            var column = table.ColumnOf(name);
            for (var r = 0; r < table.Rows.Count; r++)
            {
                var cell = table.Rows[r][column];
                if (cell.Length == 0)
                {
                    continue;
                }
                if (!CsvSnapshotReader.TryParseNumber(cell, out var number))
                {
                    if (metric)
                    {
                        throw new MaoFormatException(table.Where, $"'{Shorten(cell)}' is not a number, but meta.json lists '{name}' as a metric", table.Lines[r], name);
                    }
                    numeric = false;
                    break;
                }
                integral &= number == Math.Floor(number) && Math.Abs(number) < 1e15 && !cell.Contains('.') && !cell.Contains('e') && !cell.Contains('E');
            }
        }
        var kind = !numeric ? FieldKind.Category : prop ? FieldKind.Count : FieldKind.Performance;
        return new DccColumn(name, kind, numeric && integral);
    }

    private static string Shorten(string text) => text.Length > 40 ? text[..40] + "..." : text;
}
