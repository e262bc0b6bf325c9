using Mao.Core;
using Mao.Core.Csv;

namespace Mao.Federation.Dcc;

/// <summary>One site's CSV for one prefix, as text: the header, the rows in file order and each row's line.</summary>
public sealed class DccTable
{
    private DccTable(string site, string where, IReadOnlyList<string> header, List<string[]> rows, List<int> lines)
    {
        Site = site;
        Where = where;
        Header = header;
        Rows = rows;
        Lines = lines;
    }

    public string Site { get; }

    public string Where { get; }

    public IReadOnlyList<string> Header { get; }

    public IReadOnlyList<string[]> Rows { get; }

    /// <summary>Line of each row in the file (1-based; the header is line 1).</summary>
    public IReadOnlyList<int> Lines { get; }

    public int ColumnOf(string name)
    {
        for (var i = 0; i < Header.Count; i++)
        {
            if (Header[i] == name)
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>Reads the file; the header must name the index column and rows must exist.</summary>
    public static DccTable Read(IDccSite site, string fileName, string index)
    {
        var where = site.Describe(fileName);
        using var reader = CsvReader.Open(site.Open(fileName), where);
        var header = reader.ReadHeader();
        if (!header.Contains(index))
        {
            throw new MaoFormatException(where, $"header lacks the index column '{index}' named in meta.json (has: {string.Join(", ", header)})", 1, index);
        }
        var rows = new List<string[]>();
        var lines = new List<int>();
        while (reader.ReadRow() is { } row)
        {
            rows.Add(row.ToArray());
            lines.Add(reader.RowLine);
        }
        if (rows.Count == 0)
        {
            throw new MaoFormatException(where, "empty snapshot: the CSV has a header but no rows (leave a site that saw nothing out with --branches)", 1);
        }
        return new DccTable(site.Name, where, header, rows, lines);
    }
}
