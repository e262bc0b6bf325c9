using Mao.Tools.Dockerfile.Linting;

namespace Mao.Tools.Dockerfile.Rules;

public sealed class DL3008AptGetPin : RunRule
{
    public override string Id => "DL3008";
    public override Severity Severity => Severity.Warning;
    public override string Message => "Pin versions in apt get install. Instead of `apt-get install <package>` use `apt-get install <package>=<version>`";
    public override string Rationale => "Unpinned packages make builds unreproducible: a rebuild installs whatever the archive has that day, which can break the image or change its behaviour. A package counts as pinned with '=version', a '/release' or a local .deb file.";

    protected override bool Violates(InstructionInfo run, out string? detail)
    {
        var unpinned = run.Script!.Commands
            .Where(c => c.Is("apt-get", "install"))
            .SelectMany(c => c.Operands("t", "target-release"))
            .Where(p => p != "install" && !p.Contains('=', StringComparison.Ordinal) && !p.Contains('/', StringComparison.Ordinal) && !p.EndsWith(".deb", StringComparison.Ordinal))
            .ToArray();
        detail = unpinned.Length > 0 ? List(unpinned) : null;
        return unpinned.Length > 0;
    }
}
