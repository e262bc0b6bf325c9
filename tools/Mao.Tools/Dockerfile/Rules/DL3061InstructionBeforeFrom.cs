using Mao.Tools.Dockerfile.Linting;

namespace Mao.Tools.Dockerfile.Rules;

public sealed class DL3061InstructionBeforeFrom : DockerfileRule
{
    public override string Id => "DL3061";
    public override Severity Severity => Severity.Error;
    public override string Message => "Invalid instruction order. Dockerfile must begin with `FROM`, `ARG` or comment.";
    public override string Rationale => "Before the first FROM there is no stage to apply an instruction to; the build fails.";

    public override IEnumerable<Finding> Check(LintContext context)
    {
        foreach (var info in context.Instructions)
        {
            if (info.Instruction.Is("FROM"))
            {
                yield break;
            }
            if (!info.Instruction.Is("ARG"))
            {
                yield return At(info.Instruction.Line, info.Instruction.Keyword);
            }
        }
    }
}
