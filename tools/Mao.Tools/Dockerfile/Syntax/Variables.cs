using System.Text;

namespace Mao.Tools.Dockerfile.Syntax;

/// <summary>
/// ARG/ENV substitution as BuildKit does it in FROM, COPY, WORKDIR, USER, ...: <c>$NAME</c>, <c>${NAME}</c>,
/// <c>${NAME:-default}</c>, <c>${NAME-default}</c>, <c>${NAME:+alt}</c>, <c>${NAME+alt}</c>; the escape character
/// before '$' keeps it literal. Unknown variables stay as written and make the result unresolved.
/// </summary>
public static class Variables
{
    public static string Expand(string text, IReadOnlyDictionary<string, string> values, char escape, out bool resolved)
    {
        resolved = true;
        if (!text.Contains('$', StringComparison.Ordinal))
        {
            return text;
        }
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == escape && i + 1 < text.Length && text[i + 1] == '$')
            {
                result.Append('$');
                i++;
                continue;
            }
            if (c != '$' || i + 1 >= text.Length)
            {
                result.Append(c);
                continue;
            }
            if (text[i + 1] == '{')
            {
                var close = text.IndexOf('}', i + 2);
                if (close < 0)
                {
                    result.Append(text, i, text.Length - i);
                    resolved = false;
                    break;
                }
                var inner = text.Substring(i + 2, close - i - 2);
                result.Append(ExpandBraced(inner, values, ref resolved, text.Substring(i, close - i + 1)));
                i = close;
                continue;
            }
            var end = i + 1;
            while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '_'))
            {
                end++;
            }
            if (end == i + 1)
            {
                result.Append(c);
                continue;
            }
            var name = text.Substring(i + 1, end - i - 1);
            if (values.TryGetValue(name, out var value))
            {
                result.Append(value);
            }
            else
            {
                result.Append(text, i, end - i);
                resolved = false;
            }
            i = end - 1;
        }
        return result.ToString();
    }

    private static string ExpandBraced(string inner, IReadOnlyDictionary<string, string> values, ref bool resolved, string original)
    {
        var nameEnd = 0;
        while (nameEnd < inner.Length && (char.IsAsciiLetterOrDigit(inner[nameEnd]) || inner[nameEnd] == '_'))
        {
            nameEnd++;
        }
        var name = inner[..nameEnd];
        var op = inner[nameEnd..];
        var isSet = values.TryGetValue(name, out var value);
        var isNonEmpty = isSet && value!.Length > 0;
        if (op.Length == 0)
        {
            if (isSet) { return value!; }
            resolved = false;
            return original;
        }
        if (op.StartsWith(":-", StringComparison.Ordinal)) { return isNonEmpty ? value! : op[2..]; }
        if (op.StartsWith(":+", StringComparison.Ordinal)) { return isNonEmpty ? op[2..] : ""; }
        if (op[0] == '-') { return isSet ? value! : op[1..]; }
        if (op[0] == '+') { return isSet ? op[1..] : ""; }
        resolved = false; // pattern operators (#, %, /, :?) are left alone
        return original;
    }
}
