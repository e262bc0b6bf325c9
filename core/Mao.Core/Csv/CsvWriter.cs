using System.Text;

namespace Mao.Core.Csv;

/// <summary>Writes RFC 4180 rows: a field is quoted only when it holds a comma, quote, CR or LF. Lines end with LF.</summary>
public sealed class CsvWriter
{
    private readonly TextWriter _writer;

    public CsvWriter(TextWriter writer) => _writer = writer;

    public void WriteRow(IEnumerable<string> fields)
    {
        var first = true;
        foreach (var field in fields)
        {
            if (!first)
            {
                _writer.Write(',');
            }
            first = false;
            _writer.Write(Escape(field));
        }
        _writer.Write('\n');
    }

    public void WriteRow(params string[] fields) => WriteRow((IEnumerable<string>)fields);

    public static string Escape(string field)
    {
        if (field.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            return field;
        }
        var builder = new StringBuilder(field.Length + 2).Append('"');
        foreach (var c in field)
        {
            builder.Append(c == '"' ? "\"\"" : c.ToString());
        }
        return builder.Append('"').ToString();
    }
}
