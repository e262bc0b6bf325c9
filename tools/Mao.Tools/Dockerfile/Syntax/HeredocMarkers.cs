using System.Text;
using System.Text.RegularExpressions;

namespace Mao.Tools.Dockerfile.Syntax;

/// <summary>Finds <c>&lt;&lt;EOF</c>, <c>&lt;&lt;-EOF</c>, <c>&lt;&lt;"EOF"</c> markers on a RUN/COPY/ADD line and reads their bodies.</summary>
internal static partial class HeredocMarkers
{
    internal sealed record Marker(string Delimiter, bool StripTabs, bool Quoted);

    // not a here-string (<<<): the marker must not be preceded or followed by another '<'
    [GeneratedRegex(@"(?<![<\w])<<(-?)(?:""([^""\s]+)""|'([^'\s]+)'|([A-Za-z0-9_][A-Za-z0-9_.-]*))", RegexOptions.CultureInvariant)]
    private static partial Regex MarkerPattern();

    public static IEnumerable<Marker> Find(string text)
    {
        foreach (Match match in MarkerPattern().Matches(text))
        {
            var quoted = match.Groups[2].Success || match.Groups[3].Success;
            var word = match.Groups[2].Success ? match.Groups[2].Value
                : match.Groups[3].Success ? match.Groups[3].Value
                : match.Groups[4].Value;
            yield return new Marker(word, match.Groups[1].Value == "-", quoted);
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
