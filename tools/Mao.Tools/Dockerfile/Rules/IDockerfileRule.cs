using Mao.Tools.Dockerfile.Linting;

namespace Mao.Tools.Dockerfile.Rules;

/// <summary>
/// One lint rule. Where it means the same as a hadolint rule it carries hadolint's code (DLxxxx), so
/// <c># hadolint ignore=</c> pragmas and people's habits carry over. Implementations are found by reflection
/// (see <see cref="RuleCatalog"/>): adding a rule is adding a class.
/// </summary>
public interface IDockerfileRule
{
    string Id { get; }

    Severity Severity { get; }

    /// <summary>What is wrong, as printed with each finding.</summary>
    string Message { get; }

    /// <summary>Why it matters, for docs/dockerfile-lint.md.</summary>
    string Rationale { get; }

    IEnumerable<Finding> Check(LintContext context);
}
