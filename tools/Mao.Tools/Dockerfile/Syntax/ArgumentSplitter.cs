using System.Text;

namespace Mao.Tools.Dockerfile.Syntax;

/// <summary>
/// Splits shell-form arguments of non-RUN instructions (FROM, COPY, ENV, ...) into words the way BuildKit does:
/// whitespace separates, quotes group and are removed, the escape character takes the next character literally.
/// </summary>
public static class ArgumentSplitter
{
    /// <summary>The words, or an error message when a quote is not closed.</summary>
    public static IReadOnlyList<string> Words(string text, char escape, out string? error)
    {
        error = null;
        var words = new List<string>();
        var current = new StringBuilder();
        var inWord = false;
        var quote = '\0';
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote == '\'')
            {
                if (c == '\'') { quote = '\0'; } else { current.Append(c); }
                continue;
            }
            if (quote == '"')
            {
                if (c == '"') { quote = '\0'; }
                else if (c == escape && i + 1 < text.Length && (text[i + 1] is '"' or '$' || text[i + 1] == escape)) { current.Append(text[++i]); }
                else { current.Append(c); }
                continue;
            }
            if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(current.ToString());
                    current.Clear();
                    inWord = false;
                }
                continue;
            }
            inWord = true;
            if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == escape && i + 1 < text.Length)
            {
                current.Append(text[++i]);
            }
            else
            {
                current.Append(c);
            }
        }
        if (quote != '\0')
        {
            error = $"unterminated {(quote == '"' ? "double" : "single")} quote";
        }
        if (inWord)
        {
            words.Add(current.ToString());
        }
        return words;
    }

    /// <summary>
    /// ENV and LABEL pairs: <c>k=v k2="v 2"</c>, or the legacy <c>k some value</c> (one pair, value is the rest).
    /// ARG uses <paramref name="valueOptional"/>: <c>ARG name</c> or <c>ARG name=default</c>, possibly several.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string?>> Pairs(string text, char escape, bool valueOptional, out string? error)
    {
        var words = Words(text, escape, out error);
        var pairs = new List<KeyValuePair<string, string?>>();
        if (error is not null || words.Count == 0)
        {
            return pairs;
        }
        if (!valueOptional && !words[0].Contains('=', StringComparison.Ordinal))
        {
            // legacy form: the first word is the key, the rest of the raw text the value
            var rest = text.TrimStart();
            rest = rest[Math.Min(rest.Length, FirstWordLength(rest))..].Trim();
            if (rest.Length == 0)
            {
                error = $"'{words[0]}' has no value: write {words[0]}=<value>";
                return pairs;
            }
            var valueWords = Words(rest, escape, out error);
            pairs.Add(new(words[0], string.Join(' ', valueWords)));
            return pairs;
        }
        foreach (var word in words)
        {
            var equals = word.IndexOf('=', StringComparison.Ordinal);
            if (equals == 0)
            {
                error = $"'{word}' has no name before '='";
                return pairs;
            }
            if (equals < 0)
            {
                if (!valueOptional)
                {
                    error = $"'{word}' is not of the form name=value";
                    return pairs;
                }
                pairs.Add(new(word, null));
                continue;
            }
            pairs.Add(new(word[..equals], word[(equals + 1)..]));
        }
        return pairs;
    }

    private static int FirstWordLength(string text)
    {
        var i = 0;
        while (i < text.Length && !char.IsWhiteSpace(text[i]))
        {
            i++;
        }
        return i;
    }
}
