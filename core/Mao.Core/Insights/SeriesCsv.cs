using System.Globalization;
using Mao.Core.Csv;

namespace Mao.Core.Insights;

/// <summary>
/// Reads a time-series CSV: the first column is the day (<c>yyyy-MM-dd</c>, optionally followed by a midnight time
/// as the earlier prototype wrote it: <c>2019-11-11 00:00:00</c>), every other column is one numeric series.
/// A header may start with '#' (<c>#stamp,total,...</c> in the AWS SAR statistics). An empty cell is a gap in that
/// series, not a zero. A row repeated word for word is read once; two different rows for one day are an error.
/// A column named <c>support</c> is read as every point's support (sites that verified the row).
/// </summary>
public static class SeriesCsv
{
    public const string SupportColumn = "support";

    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ssZ"];

    public static SeriesTable Read(Stream csv, string where)
    {
        using var reader = CsvReader.Open(csv, where);
        var header = reader.ReadHeader();
        if (header.Count < 2)
        {
            throw new MaoFormatException(where, "a time-series CSV needs a date column and at least one value column", 1);
        }
        var supportColumn = IndexOf(header, SupportColumn);
        var valueColumns = Enumerable.Range(1, header.Count - 1).Where(c => c != supportColumn).ToArray();
        var points = valueColumns.Select(_ => new List<SeriesPoint>()).ToArray();
        var rowOfDate = new Dictionary<DateOnly, (int Line, List<string> Cells)>();
        while (reader.ReadRow() is { } row)
        {
            var line = reader.RowLine;
            var date = ParseDate(row[0], where, line, header[0]);
            if (rowOfDate.TryGetValue(date, out var first))
            {
                // A repeated identical row (the AWS SAR statistics repeat 2019-01-04) says nothing new; a different one is a conflict.
                if (first.Cells.Skip(1).SequenceEqual(row.Skip(1)))
                {
                    continue;
                }
                throw new MaoFormatException(where, $"date {date:yyyy-MM-dd} appears twice with different values (first on line {first.Line}): one row per day", line, header[0]);
            }
            rowOfDate[date] = (line, row);
            int? support = supportColumn < 0 || row[supportColumn].Length == 0
                ? null
                : (int)ParseNumber(row[supportColumn], where, line, SupportColumn, wholeNonNegative: true);
            for (var v = 0; v < valueColumns.Length; v++)
            {
                var cell = row[valueColumns[v]];
                if (cell.Length > 0)
                {
                    points[v].Add(new SeriesPoint(date, ParseNumber(cell, where, line, header[valueColumns[v]], wholeNonNegative: false), support));
                }
            }
        }
        if (rowOfDate.Count == 0)
        {
            throw new MaoFormatException(where, "no rows after the header");
        }
        return new SeriesTable(valueColumns.Select((c, v) => new Series(header[c], points[v], where)).ToArray(), where);
    }

    public static SeriesTable ReadFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    private static int IndexOf(IReadOnlyList<string> header, string name)
    {
        for (var i = 1; i < header.Count; i++)
        {
            if (header[i] == name)
            {
                return i;
            }
        }
        return -1;
    }

    private static DateOnly ParseDate(string cell, string where, int line, string column)
    {
        if (DateTime.TryParseExact(cell.Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time))
        {
            if (time.TimeOfDay != TimeSpan.Zero)
            {
                throw new MaoFormatException(where, $"'{cell}' is not a whole day: a series has one value per day", line, column);
            }
            return DateOnly.FromDateTime(time);
        }
        throw new MaoFormatException(where, $"'{cell}' is not a date (expected yyyy-MM-dd)", line, column);
    }

    private static double ParseNumber(string cell, string where, int line, string column, bool wholeNonNegative)
    {
        if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw new MaoFormatException(where, $"'{cell}' is not a number", line, column);
        }
        if (wholeNonNegative && (value < 0 || value != Math.Floor(value) || value > int.MaxValue))
        {
            throw new MaoFormatException(where, $"'{cell}' is not a count of sites", line, column);
        }
        return value;
    }
}
