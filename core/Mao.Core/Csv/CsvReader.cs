using System.Text;

namespace Mao.Core.Csv;

/// <summary>
/// A small RFC 4180 reader: comma separated, fields optionally in double quotes, <c>""</c> inside quotes is one quote,
/// quoted fields may span lines, CRLF or LF line ends, a UTF-8 BOM is skipped. Every error names the file, the line
/// and the field (by header name when the header is known) so a user can find it.
/// </summary>
public sealed class CsvReader : IDisposable
{
    private readonly TextReader _reader;
    private readonly string _where;
    private readonly StringBuilder _field = new();
    private int _line = 1;

    public CsvReader(TextReader reader, string where)
    {
        _reader = reader;
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
        // Blank lines between rows carry no data (a trailing newline at the end is the common case).
        while (_reader.Peek() is '\r' or '\n')
        {
            ConsumeLineEnd();
        }
        if (_reader.Peek() < 0)
        {
            return null;
        }
        RowLine = _line;
        var fields = new List<string>(Header?.Count ?? 8);
        while (true)
        {
            var ended = ReadField(fields.Count, out var value);
            fields.Add(value);
            if (ended)
            {
                break;
            }
        }
        if (Header is not null && fields.Count != Header.Count)
        {
            throw new MaoFormatException(_where, $"row has {fields.Count} fields but the header has {Header.Count}", RowLine);
        }
        return fields;
    }

    /// <summary>Reads one field; returns true when it ended the row.</summary>
    private bool ReadField(int index, out string value)
    {
        _field.Clear();
        if (_reader.Peek() == '"')
        {
            _reader.Read();
            ReadQuoted(index);
            var next = _reader.Peek();
            value = _field.ToString();
            if (next == ',')
            {
                _reader.Read();
                return false;
            }
            if (next is '\r' or '\n' or -1)
            {
                ConsumeLineEnd();
                return true;
            }
            throw new MaoFormatException(_where, $"unexpected '{(char)next}' after a closing quote", _line, ColumnName(index));
        }
        while (true)
        {
            var c = _reader.Read();
            switch (c)
            {
                case ',':
                    value = _field.ToString();
                    return false;
                case '\r' or '\n':
                    if (c == '\r' && _reader.Peek() == '\n')
                    {
                        _reader.Read();
                    }
                    _line++;
                    value = _field.ToString();
                    return true;
                case -1:
                    value = _field.ToString();
                    return true;
                case '"':
                    throw new MaoFormatException(_where, "a quote inside an unquoted field: quote the whole field and double inner quotes", _line, ColumnName(index));
                default:
                    _field.Append((char)c);
                    break;
            }
        }
    }

    private void ReadQuoted(int index)
    {
        var startLine = _line;
        while (true)
        {
            var c = _reader.Read();
            switch (c)
            {
                case -1:
                    throw new MaoFormatException(_where, $"quoted field opened on line {startLine} is never closed", startLine, ColumnName(index));
                case '"' when _reader.Peek() == '"':
                    _reader.Read();
                    _field.Append('"');
                    break;
                case '"':
                    return;
                case '\n':
                    _line++;
                    _field.Append('\n');
                    break;
                default:
                    _field.Append((char)c);
                    break;
            }
        }
    }

    private void ConsumeLineEnd()
    {
        var c = _reader.Read();
        if (c == '\r' && _reader.Peek() == '\n')
        {
            _reader.Read();
        }
        if (c is '\r' or '\n')
        {
            _line++;
        }
    }

    private string ColumnName(int index) =>
        Header is not null && index < Header.Count ? Header[index] : $"#{index + 1}";

    public void Dispose() => _reader.Dispose();
}
