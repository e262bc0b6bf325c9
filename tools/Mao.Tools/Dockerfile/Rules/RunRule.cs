using Mao.Tools.Dockerfile.Linting;

namespace Mao.Tools.Dockerfile.Rules;

/// <summary>
/// A rule about the shell script of each RUN (and of ONBUILD RUN, as hadolint does). RUNs under a PowerShell or
/// cmd shell are skipped: their text is not POSIX shell, and reading it as such would only produce noise.
/// </summary>
public abstract class RunRule : DockerfileRule
{
    public override IEnumerable<Finding> Check(LintContext context)
    {
        foreach (var run in context.Instructions)
        {
            if (run.Script is not null && Violates(run, out var detail))
            {
                yield return At(run.Instruction.Line, detail);
            }
        }
    }

    protected abstract bool Violates(InstructionInfo run, out string? detail);
}
