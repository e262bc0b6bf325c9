using Mao.Tools.Dockerfile.Linting;

namespace Mao.Tools.Dockerfile.Rules;

public sealed class DL3024DuplicateStageName : DockerfileRule
{
    public override string Id => "DL3024";
    public override Severity Severity => Severity.Error;
    public override string Message => "FROM aliases (stage names) must be unique";
    public override string Rationale => "BuildKit rejects a Dockerfile with two stages of the same name; older builders silently used one of them.";

    public override IEnumerable<Finding> Check(LintContext context)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var stage in context.Stages)
        {
            if (stage.Alias is { } alias && !seen.Add(alias))
            {
                yield return At(stage.Line, alias);
            }
        }
    }
}
