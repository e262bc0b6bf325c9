using System.Text;
using System.Text.RegularExpressions;

namespace Mao.Tools.Dockerfile.Syntax;

/// <summary>Finds <c>&lt;&lt;EOF</c>, <c>&lt;&lt;-EOF</c>, <c>&lt;&lt;"EOF"</c> markers on a RUN/COPY/ADD line and reads their bodies.</summary>
internal static partial class HeredocMarkers
{
    internal sealed record Marker(string Delimiter, bool StripTabs, bool Quoted);

    // like BuildKit: a word (quotes kept) that starts with optional digits and '<<', not a here-string '<<<'
    [GeneratedRegex(@"^[0-9]*<<(-?)([^<]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex MarkerPattern();

    public static IEnumerable<Marker> Find(string text)
    {
        foreach (var word in RawWords(text))
        {
            var match = MarkerPattern().Match(word);
            if (!match.Success)
            {
                continue;
            }
            var name = match.Groups[2].Value;
            var quoted = name.Contains('"', StringComparison.Ordinal) || name.Contains('\'', StringComparison.Ordinal);
            var delimiter = quoted ? name.Replace("\"", "", StringComparison.Ordinal).Replace("'", "", StringComparison.Ordinal) : name;
            if (delimiter.Length > 0)
            {
                yield return new Marker(delimiter, match.Groups[1].Value == "-", quoted);
            }
        }
    }

    /// <summary>Whitespace-separated words, quotes kept, so a quoted "a &lt;&lt;b" is one word that is not a marker.</summary>
    private static IEnumerable<string> RawWords(string text)
    {
        var word = new StringBuilder();
        var quote = '\0';
        foreach (var c in text)
        {
            if (quote == '\0' && char.IsWhiteSpace(c))
            {
                if (word.Length > 0)
                {
                    yield return word.ToString();
                    word.Clear();
                }
                continue;
            }
            if (c is '"' or '\'')
            {
                quote = quote == '\0' ? c : quote == c ? '\0' : quote;
            }
            word.Append(c);
        }
        if (word.Length > 0)
        {
            yield return word.ToString();
        }
    }

    /// <summary>Reads body lines from <paramref name="index"/> up to the delimiter line, which it consumes.</summary>
    public static Heredoc ReadBody(Marker marker, List<string> lines, ref int index, int instructionLine, List<SyntaxError> errors)
    {
        var first = index + 1;
        var body = new StringBuilder();
        while (index < lines.Count)
        {
            var line = marker.StripTabs ? lines[index].TrimStart('\t') : lines[index];
            index++;
            if (line == marker.Delimiter)
            {
                return new Heredoc(marker.Delimiter, body.ToString(), marker.StripTabs, marker.Quoted, first);
            }
            body.Append(line).Append('\n');
        }
        errors.Add(new SyntaxError(instructionLine, $"here-document <<{marker.Delimiter} is not terminated: no line '{marker.Delimiter}' before the end of the file"));
        return new Heredoc(marker.Delimiter, body.ToString(), marker.StripTabs, marker.Quoted, first);
    }
}
