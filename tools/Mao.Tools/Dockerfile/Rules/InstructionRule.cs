using Mao.Tools.Dockerfile.Linting;

namespace Mao.Tools.Dockerfile.Rules;

/// <summary>A rule that looks at each instruction with a given keyword on its own (not ONBUILD triggers).</summary>
public abstract class InstructionRule : DockerfileRule
{
    protected abstract string Keyword { get; }

    public override IEnumerable<Finding> Check(LintContext context)
    {
        foreach (var info in context.Instructions)
        {
            if (!info.IsOnbuild && info.Instruction.Is(Keyword) && Violates(info, out var detail))
            {
                yield return At(info.Instruction.Line, detail);
            }
        }
    }

    protected abstract bool Violates(InstructionInfo instruction, out string? detail);
}
