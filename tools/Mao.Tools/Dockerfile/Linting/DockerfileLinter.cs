using Mao.Tools.Dockerfile.Rules;
using Mao.Tools.Dockerfile.Syntax;

namespace Mao.Tools.Dockerfile.Linting;

/// <summary>
/// Parses a Dockerfile and runs the rules over it. Syntax errors become findings of rule DL1000 (severity error,
/// never silenced by pragmas) and the rules still run on the instructions that could be read.
/// </summary>
public sealed class DockerfileLinter(IReadOnlyList<IDockerfileRule>? rules = null)
{
    private readonly IReadOnlyList<IDockerfileRule> _rules = rules ?? RuleCatalog.All;

    public LintResult Lint(string text, string target)
    {
        var document = DockerfileParser.Parse(text, target);
        var context = new LintContext(document);
        var pragmas = new Pragmas(document);
        var findings = new List<Finding>();
        findings.AddRange(document.Errors.Select(e => new Finding(RuleCatalog.SyntaxErrorId, Severity.Error, e.Line, e.Message)));
        foreach (var rule in _rules)
        {
            findings.AddRange(rule.Check(context).Where(f => !pragmas.Ignores(f)));
        }
        findings.Sort(static (a, b) => a.Line != b.Line ? a.Line.CompareTo(b.Line) : string.CompareOrdinal(a.Rule, b.Rule));
        return new LintResult(target, findings);
    }

    /// <summary>Lints a file; the target is the path as given. Throws <see cref="FileNotFoundException"/> when it does not exist.</summary>
    public async Task<LintResult> LintFileAsync(string path, CancellationToken cancellationToken = default)
    {
        var text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        return Lint(text, path);
    }
}
