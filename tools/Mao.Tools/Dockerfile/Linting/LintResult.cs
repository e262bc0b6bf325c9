namespace Mao.Tools.Dockerfile.Linting;

/// <summary>The findings for one Dockerfile, sorted by line then rule.</summary>
/// <param name="Target">What was linted: a path, or an image or repository name.</param>
public sealed record LintResult(string Target, IReadOnlyList<Finding> Findings)
{
    public bool HasErrors => Findings.Any(f => f.Severity == Severity.Error);
}
