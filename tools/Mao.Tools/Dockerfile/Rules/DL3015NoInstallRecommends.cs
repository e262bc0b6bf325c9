using Mao.Tools.Dockerfile.Linting;

namespace Mao.Tools.Dockerfile.Rules;

public sealed class DL3015NoInstallRecommends : RunRule
{
    public override string Id => "DL3015";
    public override Severity Severity => Severity.Info;
    public override string Message => "Avoid additional packages by specifying `--no-install-recommends`";
    public override string Rationale => "apt-get installs 'recommended' packages by default, which often doubles an image's size with software nothing uses.";

    protected override bool Violates(InstructionInfo run, out string? detail)
    {
        detail = null;
        return run.Script!.Commands.Any(c => c.Is("apt-get", "install")
            && !c.HasFlag("no-install-recommends") && !c.HasArg("APT::Install-Recommends=false"));
    }
}
