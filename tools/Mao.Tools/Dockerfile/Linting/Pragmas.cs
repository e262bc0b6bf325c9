using System.Text.RegularExpressions;
using Mao.Tools.Dockerfile.Syntax;

namespace Mao.Tools.Dockerfile.Linting;

/// <summary>
/// hadolint's comment pragmas, so existing Dockerfiles keep working: <c># hadolint ignore=DL3008,DL3009</c> on the
/// line before an instruction, <c># hadolint global ignore=...</c> for the whole file, <c># hadolint stage ignore=...</c>
/// up to the next FROM, and <c># hadolint shell=powershell</c> for the shell of the RUNs that follow.
/// Text after a further '#' is a free comment.
/// </summary>
public sealed partial class Pragmas
{
    private readonly Dictionary<int, HashSet<string>> _byLine = [];
    private readonly List<(int FromLine, HashSet<string> Rules)> _byStage = [];
    private readonly HashSet<string> _global = new(StringComparer.Ordinal);

    [GeneratedRegex(@"^hadolint[ \t]+(?:(global|stage)[ \t]+)?ignore[ \t]*=[ \t]*([A-Za-z0-9]+(?:[ \t]*,[ \t]*[A-Za-z0-9]+)*)[ \t]*(?:#.*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex IgnorePattern();

    [GeneratedRegex(@"^hadolint[ \t]+shell[ \t]*=[ \t]*(\S+)[ \t]*(?:#.*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex ShellPattern();

    public Pragmas(DockerfileDocument document)
    {
        var fromLines = document.Instructions.Where(i => i.Is("FROM")).Select(i => i.Line).ToArray();
        foreach (var comment in document.Comments)
        {
            var match = IgnorePattern().Match(comment.Text);
            if (!match.Success)
            {
                continue;
            }
            var rules = match.Groups[2].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(r => r.ToUpperInvariant()).ToHashSet(StringComparer.Ordinal);
            switch (match.Groups[1].Value)
            {
                case "global":
                    _global.UnionWith(rules);
                    break;
                case "stage":
                    var next = fromLines.Where(l => l > comment.Line).DefaultIfEmpty(int.MaxValue).Min();
                    _byStage.Add((comment.Line + 1, rules));
                    _byStage.Add((next, []));
                    break;
                default:
                    if (!_byLine.TryGetValue(comment.Line + 1, out var set))
                    {
                        _byLine[comment.Line + 1] = set = new HashSet<string>(StringComparer.Ordinal);
                    }
                    set.UnionWith(rules);
                    break;
            }
        }
        _byStage.Sort((a, b) => a.FromLine.CompareTo(b.FromLine));
    }

    /// <summary>The shell a <c># hadolint shell=...</c> comment names, or null when the comment is not one.</summary>
    public static string? ShellOf(Comment comment)
    {
        var match = ShellPattern().Match(comment.Text);
        return match.Success ? match.Groups[1].Value : null;
    }

    public bool Ignores(Finding finding)
    {
        if (_global.Contains(finding.Rule))
        {
            return true;
        }
        if (_byLine.TryGetValue(finding.Line, out var rules) && rules.Contains(finding.Rule))
        {
            return true;
        }
        HashSet<string>? stage = null;
        foreach (var (fromLine, stageRules) in _byStage)
        {
            if (fromLine > finding.Line) { break; }
            stage = stageRules;
        }
        return stage is not null && stage.Contains(finding.Rule);
    }
}
