using Mao.Tools.Dockerfile.Linting;

namespace Mao.Tools.Dockerfile.Rules;

/// <summary>Base of all rules: identity and a helper to report a finding, optionally with a detail.</summary>
public abstract class DockerfileRule : IDockerfileRule
{
    public abstract string Id { get; }
    public abstract Severity Severity { get; }
    public abstract string Message { get; }
    public abstract string Rationale { get; }

    public abstract IEnumerable<Finding> Check(LintContext context);

    protected Finding At(int line, string? detail = null) =>
        new(Id, Severity, line, detail is null ? Message : $"{Message} ({detail})");

    /// <summary>At most a few items, so a message stays one readable line.</summary>
    protected static string List(IEnumerable<string> items)
    {
        var all = items.Distinct(StringComparer.Ordinal).ToArray();
        return all.Length <= 5 ? string.Join(", ", all) : string.Join(", ", all.Take(5)) + $" and {all.Length - 5} more";
    }
}
