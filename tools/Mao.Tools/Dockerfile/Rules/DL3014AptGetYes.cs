using Mao.Tools.Dockerfile.Linting;

namespace Mao.Tools.Dockerfile.Rules;

public sealed class DL3014AptGetYes : RunRule
{
    public override string Id => "DL3014";
    public override Severity Severity => Severity.Warning;
    public override string Message => "Use the `-y` switch to avoid manual input `apt-get -y install <package>`";
    public override string Rationale => "A build has no one to answer apt-get's confirmation prompt: without -y (or --yes, --assume-yes, -qq) the install aborts.";

    protected override bool Violates(InstructionInfo run, out string? detail)
    {
        detail = null;
        return run.Script!.Commands.Any(c => c.Is("apt-get", "install")
            && !(c.HasAnyFlag("y", "yes", "qq", "assume-yes") || c.CountFlag("q") == 2 || c.CountFlag("quiet") == 2 || c.HasArg("-q=2")));
    }
}
