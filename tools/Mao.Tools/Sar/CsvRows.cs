using System.Text;
using Mao.Core;

namespace Mao.Tools.Sar;

/// <summary>RFC 4180 rows: comma-separated, double-quoted fields may hold commas, quotes ("") and line breaks.</summary>
public static class CsvRows
{
    /// <summary>Rows with the line each starts on; an unterminated quote is an error naming the line.</summary>
    public static IEnumerable<(int Line, List<string> Fields)> Read(TextReader reader, string where)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var rowStart = 1;
        var inQuotes = false;
        var quoteLine = 0;
        var sawAny = false;
        int c;
        while ((c = reader.Read()) >= 0)
        {
            sawAny = true;
            var ch = (char)c;
            if (inQuotes)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        field.Append('"');
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else
                {
                    if (ch == '\n')
                    {
                        line++;
                    }
                    field.Append(ch);
                }
                continue;
            }
            switch (ch)
            {
                case '"' when field.Length == 0:
                    inQuotes = true;
                    quoteLine = line;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    yield return (rowStart, fields);
                    fields = [];
                    line++;
                    rowStart = line;
                    sawAny = false;
                    break;
                default:
                    field.Append(ch);
                    break;
            }
        }
        if (inQuotes)
        {
            throw new MaoFormatException(where, "a quoted field is never closed", quoteLine);
        }
        if (sawAny)
        {
            fields.Add(field.ToString());
            yield return (rowStart, fields);
        }
    }
}
