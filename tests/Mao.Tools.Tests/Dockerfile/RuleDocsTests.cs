using Mao.Testing;
using Mao.Tools.Dockerfile.Rules;

namespace Mao.Tools.Tests.Dockerfile;

/// <summary>
/// docs/dockerfile-lint.md carries the rule table generated from the rule classes between two markers.
/// When a rule changes, this test fails; run it with MAO_UPDATE_DOCS=1 to rewrite the table.
/// </summary>
public class RuleDocsTests
{
    private const string Begin = "<!-- rules:begin (generated from the rule classes by RuleDocsTests) -->";
    private const string End = "<!-- rules:end -->";

    [Fact]
    public void Docs_RuleTable_IsUpToDate()
    {
        var path = Path.Combine(RepoPaths.Root, "docs", "dockerfile-lint.md");
        var text = File.ReadAllText(path).ReplaceLineEndings("\n");
        var start = text.IndexOf(Begin, StringComparison.Ordinal);
        var end = text.IndexOf(End, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"{path} lacks the markers {Begin} ... {End}");
        var current = text[(start + Begin.Length)..end].Trim('\n');
        var generated = RuleCatalog.MarkdownTable().Trim('\n');
        if (current != generated && Environment.GetEnvironmentVariable("MAO_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, text[..(start + Begin.Length)] + "\n" + generated + "\n" + text[end..]);
            return;
        }
        Assert.True(current == generated, $"{path} is out of date: run `MAO_UPDATE_DOCS=1 dotnet test tests/Mao.Tools.Tests --filter RuleDocsTests`");
    }

    [Fact]
    public void Docs_MentionEveryRuleId()
    {
        var text = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "dockerfile-lint.md"));

        Assert.All(RuleCatalog.All, rule => Assert.Contains($"| {rule.Id} |", text, StringComparison.Ordinal));
    }
}
