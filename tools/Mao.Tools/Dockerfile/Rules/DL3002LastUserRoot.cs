using Mao.Tools.Dockerfile.Linting;

namespace Mao.Tools.Dockerfile.Rules;

public sealed class DL3002LastUserRoot : DockerfileRule
{
    public override string Id => "DL3002";
    public override Severity Severity => Severity.Warning;
    public override string Message => "Last USER should not be root";
    public override string Rationale => "Containers should not run as root: a process that escapes or is exploited then has root in the container. Like hadolint, each stage whose last USER is root (root, 0, root:group, 0:group) is reported at that USER line.";

    public override IEnumerable<Finding> Check(LintContext context)
    {
        foreach (var stage in context.Stages)
        {
            var last = context.InStage(stage).LastOrDefault(i => !i.IsOnbuild && i.Instruction.Is("USER"));
            if (last is null)
            {
                continue;
            }
            var user = last.Expand(last.Instruction.Arguments.Trim(), out _);
            if (user is "root" or "0" || user.StartsWith("root:", StringComparison.Ordinal) || user.StartsWith("0:", StringComparison.Ordinal))
            {
                yield return At(last.Instruction.Line);
            }
        }
    }
}
