using System.Text.RegularExpressions;

namespace Mao.Tools.Dockerfile.Syntax;

/// <summary>
/// The parser directives BuildKit reads from the top of a Dockerfile (<c># syntax=</c>, <c># escape=</c>, <c># check=</c>).
/// They are only recognised before the first instruction, comment or blank line; after that they are ordinary comments.
/// </summary>
public sealed partial record ParserDirectives(char Escape, string? Syntax, string? Check)
{
    public static readonly ParserDirectives Default = new('\\', null, null);

    [GeneratedRegex(@"^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex DirectivePattern();

    /// <summary>
    /// Reads directives from the first lines; returns how many lines they took (those lines are not comments).
    /// Errors (duplicates, a bad escape character) are added to <paramref name="errors"/>.
    /// </summary>
    public static (ParserDirectives Directives, int LinesUsed) Read(IReadOnlyList<string> lines, List<SyntaxError> errors)
    {
        var escape = '\\';
        string? syntax = null, check = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var used = 0;
        for (; used < lines.Count; used++)
        {
            var match = DirectivePattern().Match(lines[used].Trim());
            if (!match.Success)
            {
                break;
            }
            var name = match.Groups[1].Value.ToLowerInvariant();
            var value = match.Groups[2].Value;
            if (name is not ("syntax" or "escape" or "check"))
            {
                break; // an unknown directive is a comment, and ends the directive section
            }
            var line = used + 1;
            if (!seen.Add(name))
            {
                errors.Add(new SyntaxError(line, $"parser directive '{name}' appears more than once"));
                continue;
            }
            switch (name)
            {
                case "escape" when value is "\\" or "`":
                    escape = value[0];
                    break;
                case "escape":
                    errors.Add(new SyntaxError(line, $"invalid escape directive '{value}': the escape character must be '\\' or '`'"));
                    break;
                case "syntax":
                    syntax = value;
                    break;
                default:
                    check = value;
                    break;
            }
        }
        return (new ParserDirectives(escape, syntax, check), used);
    }
}
