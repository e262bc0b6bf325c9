using System.Text;

namespace Mao.Tools.Dockerfile.Rules;

/// <summary>Every rule in this assembly, found by reflection and ordered by id; and the rule table of the docs.</summary>
public static class RuleCatalog
{
    /// <summary>The rule id under which syntax errors are reported (hadolint uses the same code for parse errors).</summary>
    public const string SyntaxErrorId = "DL1000";

    public static IReadOnlyList<IDockerfileRule> All { get; } = typeof(RuleCatalog).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IDockerfileRule).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
        .Select(t => (IDockerfileRule)Activator.CreateInstance(t)!)
        .OrderBy(r => r.Id, StringComparer.Ordinal)
        .ToArray();

    /// <summary>The Markdown table of docs/dockerfile-lint.md: id, severity, what, why (syntax errors first).</summary>
    public static string MarkdownTable()
    {
        var table = new StringBuilder();
        table.Append("| Rule | Severity | What | Why |\n|---|---|---|---|\n");
        table.Append($"| {SyntaxErrorId} | error | The Dockerfile cannot be parsed (syntax error) | BuildKit would reject the file; the message says what and the line where. |\n");
        foreach (var rule in All)
        {
            table.Append($"| {rule.Id} | {rule.Severity.ToString().ToLowerInvariant()} | {Escape(rule.Message)} | {Escape(rule.Rationale)} |\n");
        }
        return table.ToString();
    }

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
