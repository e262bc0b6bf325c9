using Mao.Tools.Dockerfile.Linting;

namespace Mao.Tools.Dockerfile.Rules;

public sealed class DL3059ConsecutiveRun : DockerfileRule
{
    public override string Id => "DL3059";
    public override Severity Severity => Severity.Info;
    public override string Message => "Multiple consecutive `RUN` instructions. Consider consolidation.";
    public override string Rationale => "Each RUN is a layer; short consecutive RUNs with the same flags add layers (and hide files deleted later in other layers) for no benefit. As in hadolint, RUNs of more than two commands, or with different flags, are left alone; comments do not separate RUNs.";

    public override IEnumerable<Finding> Check(LintContext context)
    {
        InstructionInfo? previous = null;
        foreach (var info in context.Instructions)
        {
            if (!info.Instruction.Is("RUN"))
            {
                previous = null;
                continue;
            }
            if (previous is not null && SameFlags(previous, info) && Count(previous) <= 2 && Count(info) <= 2)
            {
                yield return At(info.Instruction.Line);
            }
            previous = info;
        }
    }

    private static int Count(InstructionInfo run) => run.Script?.Commands.Count ?? 1;

    private static bool SameFlags(InstructionInfo a, InstructionInfo b) =>
        a.Instruction.Flags.OrderBy(f => f.Name, StringComparer.Ordinal).SequenceEqual(b.Instruction.Flags.OrderBy(f => f.Name, StringComparer.Ordinal));
}
