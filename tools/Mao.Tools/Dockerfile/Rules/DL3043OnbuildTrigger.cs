using Mao.Tools.Dockerfile.Linting;

namespace Mao.Tools.Dockerfile.Rules;

public sealed class DL3043OnbuildTrigger : DockerfileRule
{
    public override string Id => "DL3043";
    public override Severity Severity => Severity.Error;
    public override string Message => "`ONBUILD`, `FROM` or `MAINTAINER` triggered from within `ONBUILD` instruction";
    public override string Rationale => "Docker does not allow these as ONBUILD triggers; the child image's build fails.";

    public override IEnumerable<Finding> Check(LintContext context)
    {
        foreach (var info in context.Instructions)
        {
            var instruction = info.Instruction;
            if (!instruction.Is("ONBUILD"))
            {
                continue;
            }
            var triggerKeyword = instruction.Trigger?.Keyword ?? "ONBUILD";
            if (triggerKeyword is "ONBUILD" or "FROM" or "MAINTAINER")
            {
                yield return At(instruction.Line, triggerKeyword);
            }
        }
    }
}
