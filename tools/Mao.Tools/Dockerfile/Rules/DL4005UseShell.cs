using Mao.Tools.Dockerfile.Linting;

namespace Mao.Tools.Dockerfile.Rules;

public sealed class DL4005UseShell : RunRule
{
    public override string Id => "DL4005";
    public override Severity Severity => Severity.Warning;
    public override string Message => "Use SHELL to change the default shell";
    public override string Rationale => "Replacing /bin/sh with a symlink changes the shell for everything in the image, including scripts that expect the original; SHELL changes it for the build only.";

    protected override bool Violates(InstructionInfo run, out string? detail)
    {
        detail = null;
        return run.Script!.Commands.Any(c => c.Is("ln", "/bin/sh"));
    }
}
