using System.Text;

namespace Mao.Core.Csv;

/// <summary>Writes RFC 4180 rows: a field is quoted only when it holds a comma, quote, CR or LF (or starts with U+FEFF). Lines end with LF.</summary>
public sealed class CsvWriter
{
    private readonly TextWriter _writer;

    public CsvWriter(TextWriter writer) => _writer = writer;

    public void WriteRow(IEnumerable<string> fields)
    {
        var row = fields as IReadOnlyList<string> ?? fields.ToList();
        if (row is [""])
        {
            // One empty field alone would be a blank line, which readers skip: quoted, it stays a row.
            _writer.Write("\"\"\n");
            return;
        }
        for (var i = 0; i < row.Count; i++)
        {
            if (i > 0)
            {
                _writer.Write(',');
            }
            _writer.Write(Escape(row[i]));
        }
        _writer.Write('\n');
    }

    public void WriteRow(params string[] fields) => WriteRow((IEnumerable<string>)fields);

    public static string Escape(string field)
    {
        // A leading U+FEFF is quoted too: unquoted at the start of a file, readers drop it as a byte order mark.
        if (field.AsSpan().IndexOfAny(",\"\r\n") < 0 && !field.StartsWith('\uFEFF'))
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
