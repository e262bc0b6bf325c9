using Mao.Tools.Dockerfile.Linting;

namespace Mao.Tools.Dockerfile.Rules;

/// <summary>yum/dnf installs need -y (or --assumeyes): a build cannot answer the prompt.</summary>
public abstract class PackageManagerYes : RunRule
{
    private static readonly string[] InstallVerbs = ["install", "groupinstall", "localinstall"];

    protected abstract string[] Tools { get; }

    protected override bool Violates(InstructionInfo run, out string? detail)
    {
        detail = null;
        return run.Script!.Commands.Any(c => Tools.Contains(c.Name, StringComparer.Ordinal) && c.Is(c.Name, InstallVerbs) && !c.HasAnyFlag("y", "assumeyes"));
    }
}

public sealed class DL3030YumYes : PackageManagerYes
{
    public override string Id => "DL3030";
    public override Severity Severity => Severity.Warning;
    public override string Message => "Use the -y switch to avoid manual input `yum install -y <package>`";
    public override string Rationale => "Without -y yum waits for a confirmation no one can give during a build, and the build fails.";
    protected override string[] Tools => ["yum"];
}

public sealed class DL3038DnfYes : PackageManagerYes
{
    public override string Id => "DL3038";
    public override Severity Severity => Severity.Warning;
    public override string Message => "Use the -y switch to avoid manual input `dnf install -y <package>`";
    public override string Rationale => "Without -y dnf (and microdnf) waits for a confirmation no one can give during a build, and the build fails.";
    protected override string[] Tools => ["dnf", "microdnf"];
}
