using Mao.Tools.Dockerfile.Linting;

namespace Mao.Tools.Dockerfile.Rules;

public sealed class DL3004Sudo : RunRule
{
    public override string Id => "DL3004";
    public override Severity Severity => Severity.Error;
    public override string Message => "Do not use sudo as it leads to unpredictable behavior. Use a tool like gosu to enforce root";
    public override string Rationale => "sudo needs a TTY and configuration that images rarely have, behaves differently across distributions and keeps the parent process around; switch users with USER, or gosu/su-exec at run time.";

    protected override bool Violates(InstructionInfo run, out string? detail)
    {
        detail = null;
        return run.Script!.Uses("sudo");
    }
}
