using Mao.Tools.Dockerfile.Linting;

namespace Mao.Tools.Dockerfile.Rules;

public sealed class DL3003UseWorkdir : RunRule
{
    public override string Id => "DL3003";
    public override Severity Severity => Severity.Warning;
    public override string Message => "Use WORKDIR to switch to a directory";
    public override string Rationale => "A cd only lasts for its own RUN; WORKDIR documents the directory and applies to the instructions that follow, which is usually what was meant.";

    protected override bool Violates(InstructionInfo run, out string? detail)
    {
        detail = null;
        return run.Script!.Uses("cd");
    }
}
