using System.Text;
using nietras.SeparatedValues;

namespace Mao.Core.Csv;

/// <summary>
/// RFC 4180 rows read through Sep (comma separated, fields optionally in double quotes, <c>""</c> inside quotes is one
/// quote, quoted fields may span lines, CRLF or LF line ends, a UTF-8 BOM is skipped, blank lines skipped). Sep splits
/// rows and fields; this class checks what Sep tolerates (a quote inside an unquoted field, text after a closing quote,
/// a quote never closed) and unquotes. Every error names the file, the line and the field (by header name when the
/// header is known) so a user can find it.
/// </summary>
public sealed class CsvReader : IDisposable
{
    private static readonly SepReaderOptions Options = new(new Sep(',')) { HasHeader = false, DisableColCountCheck = true };

    private readonly TextReader _text;
    private readonly string _where;
    private SepReader? _rows;

    public CsvReader(TextReader reader, string where)
    {
        _text = reader;
        _where = where;
    }

    /// <summary>Physical line on which the last returned row started (1-based).</summary>
    public int RowLine { get; private set; }

    /// <summary>Header names, once <see cref="ReadHeader"/> has been called; used to name columns in errors.</summary>
    public IReadOnlyList<string>? Header { get; private set; }

    public string Where => _where;

    public static CsvReader Open(Stream stream, string where) =>
        new(new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true), where);

    /// <summary>Reads the first row as the header: names must be non-empty and unique.</summary>
    public IReadOnlyList<string> ReadHeader()
    {
        var names = ReadRow() ?? throw new MaoFormatException(_where, "empty file: no header row", 1);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
        {
            if (!seen.Add(names[i]))
            {
                throw new MaoFormatException(_where, $"header names column '{names[i]}' twice", RowLine, names[i]);
            }
        }
        Header = names;
        return names;
    }

    /// <summary>The next row's fields, or null at the end. Rows after the header must have the header's width.</summary>
    public List<string>? ReadRow()
    {
        try
        {
            return ReadRowCore();
        }
        catch (DecoderFallbackException e)
        {
            // The reader decodes ahead in blocks, so the current line would not be where the bad bytes are.
            throw new MaoFormatException(_where, $"file is not valid UTF-8 ({e.Message.TrimEnd('.')})", inner: e);
        }
    }

    private List<string>? ReadRowCore()
    {
        // Created on first use: Sep reads ahead as it opens, and decoding errors belong to a row read.
        _rows ??= Options.From(_text);
        while (_rows.MoveNext())
        {
            var row = _rows.Current;
            if (row.ColCount == 1 && row.Span.IsEmpty)
            {
                continue; // a blank line carries no data (a trailing newline at the end is the common case)
            }
            // Sep numbers the first row's lines from its end; every row after it from its start.
            RowLine = row.RowIndex == 0 ? 1 : row.LineNumberFrom;
            var fields = new List<string>(row.ColCount);
            var line = RowLine;
            for (var i = 0; i < row.ColCount; i++)
            {
                var raw = row[i].Span;
                fields.Add(Unquote(raw, line, i));
                line += raw.Count('\n');
            }
            if (Header is not null && fields.Count != Header.Count)
            {
                throw new MaoFormatException(_where, $"row has {fields.Count} fields but the header has {Header.Count}", RowLine);
            }
            return fields;
        }
        return null;
    }

    /// <summary>A field as written in the file, checked and with its quoting removed; <paramref name="line"/> is where it starts.</summary>
    private string Unquote(ReadOnlySpan<char> raw, int line, int index)
    {
        if (raw.IsEmpty || raw[0] != '"')
        {
            if (raw.Contains('"'))
            {
                throw new MaoFormatException(_where, "a quote inside an unquoted field: quote the whole field and double inner quotes", line, ColumnName(index));
            }
            return raw.ToString();
        }
        var value = new StringBuilder(raw.Length);
        for (var i = 1; i < raw.Length; i++)
        {
            if (raw[i] != '"')
            {
                value.Append(raw[i]);
            }
            else if (i + 1 < raw.Length && raw[i + 1] == '"')
            {
                value.Append('"');
                i++;
            }
            else if (i + 1 == raw.Length)
            {
                return value.ToString();
            }
            else
            {
                var closedOn = line + raw[..i].Count('\n');
                throw new MaoFormatException(_where, $"unexpected '{raw[i + 1]}' after a closing quote", closedOn, ColumnName(index));
            }
        }
        throw new MaoFormatException(_where, $"quoted field opened on line {line} is never closed", line, ColumnName(index));
    }

    private string ColumnName(int index) =>
        Header is not null && index < Header.Count ? Header[index] : $"#{index + 1}";

    public void Dispose()
    {
        _rows?.Dispose();
        _text.Dispose();
    }
}
