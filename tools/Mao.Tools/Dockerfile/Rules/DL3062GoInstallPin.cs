using Mao.Tools.Dockerfile.Linting;

namespace Mao.Tools.Dockerfile.Rules;

public sealed class DL3062GoInstallPin : RunRule
{
    public override string Id => "DL3062";
    public override Severity Severity => Severity.Warning;
    public override string Message => "Pin versions in go. Instead of `go install <package>` use `go install <package>@<version>`";
    public override string Rationale => "go install/get without @version builds whatever the module's default branch is that day. Local paths (., ./x, /x) are fine; @latest and @none are not pins.";

    protected override bool Violates(InstructionInfo run, out string? detail)
    {
        var unpinned = run.Script!.Commands
            .Where(c => c.Is("go", "install", "get"))
            .SelectMany(c => c.Operands())
            .Where(p => p is not ("install" or "get" or "tool") && !Pinned(p))
            .ToArray();
        detail = unpinned.Length > 0 ? List(unpinned) : null;
        return unpinned.Length > 0;
    }

    private static bool Pinned(string package) =>
        package.StartsWith('.') || package.StartsWith('/')
        || (package.Contains('@', StringComparison.Ordinal) && !package.EndsWith("@latest", StringComparison.Ordinal) && !package.EndsWith("@none", StringComparison.Ordinal));
}
