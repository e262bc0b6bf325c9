using Mao.Tools.Dockerfile.Linting;

namespace Mao.Tools.Dockerfile.Rules;

/// <summary>Rules about an instruction that only counts once per stage (the last one wins): every repeat is reported.</summary>
public abstract class PerStageRepeat : DockerfileRule
{
    protected abstract string Keyword { get; }

    public override IEnumerable<Finding> Check(LintContext context)
    {
        var seen = new HashSet<Stage?>();
        foreach (var info in context.Instructions)
        {
            if (!info.IsOnbuild && info.Instruction.Is(Keyword) && !seen.Add(info.Stage))
            {
                yield return At(info.Instruction.Line);
            }
        }
    }
}
