using Mao.Tools.Dockerfile.Linting;

namespace Mao.Tools.Dockerfile.Rules;

public sealed class DL3027Apt : RunRule
{
    public override string Id => "DL3027";
    public override Severity Severity => Severity.Warning;
    public override string Message => "Do not use apt as it is meant to be an end-user tool, use apt-get or apt-cache instead";
    public override string Rationale => "apt's command-line interface is not stable for scripts (it warns so itself) and its output and prompts change between releases; apt-get and apt-cache are the scriptable tools.";

    protected override bool Violates(InstructionInfo run, out string? detail)
    {
        detail = null;
        return run.Script!.Uses("apt");
    }
}
