using Mao.Tools.Dockerfile.Linting;

namespace Mao.Tools.Dockerfile.Rules;

public sealed class DL3023CopyFromOwnStage : InstructionRule
{
    public override string Id => "DL3023";
    public override Severity Severity => Severity.Error;
    public override string Message => "`COPY --from` cannot reference its own `FROM` alias";
    public override string Rationale => "A stage cannot copy from itself: the build fails with a dependency cycle.";
    protected override string Keyword => "COPY";

    protected override bool Violates(InstructionInfo instruction, out string? detail)
    {
        detail = null;
        var from = instruction.Instruction.FlagValue("from");
        return from is not null && instruction.Stage?.Alias is { } alias && string.Equals(alias, from, StringComparison.OrdinalIgnoreCase);
    }
}
