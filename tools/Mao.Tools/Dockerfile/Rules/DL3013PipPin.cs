using Mao.Tools.Dockerfile.Linting;
using Mao.Tools.Dockerfile.Shell;

namespace Mao.Tools.Dockerfile.Rules;

public sealed class DL3013PipPin : RunRule
{
    private static readonly string[] FlagsWithValue =
    [
        "abi", "b", "build", "e", "editable", "extra-index-url", "f", "find-links", "i", "index-url", "implementation",
        "no-binary", "only-binary", "platform", "prefix", "progress-bar", "proxy", "python", "python-version", "root",
        "root-user-action", "src", "t", "target", "trusted-host", "upgrade-strategy",
    ];

    private static readonly string[] VersionSymbols = ["==", ">=", "<=", ">", "<", "!=", "~=", "==="];
    private static readonly string[] VcsSchemes = ["git+", "hg+", "svn+", "bzr+"];

    public override string Id => "DL3013";
    public override Severity Severity => Severity.Warning;
    public override string Message => "Pin versions in pip. Instead of `pip install <package>` use `pip install <package>==<version>` or `pip install --requirement <requirements file>`";
    public override string Rationale => "An unpinned pip install takes the newest release at build time, so rebuilds change behaviour or break. Requirement files (-r), constraints (-c), the local project (.), wheels, sdists, paths and VCS URLs with @ref count as pinned.";

    protected override bool Violates(InstructionInfo run, out string? detail)
    {
        var unpinned = run.Script!.Commands.Where(PipCommands.IsInstall).Where(c => !Exempt(c)).SelectMany(Packages).Where(p => !Pinned(p)).ToArray();
        detail = unpinned.Length > 0 ? List(unpinned) : null;
        return unpinned.Length > 0;
    }

    private static bool Exempt(ShellCommand command) =>
        command.HasAnyFlag("r", "requirement", "c", "constraint") || command.HasArg(".");

    private static IEnumerable<string> Packages(ShellCommand command) =>
        command.Operands(FlagsWithValue).SkipWhile(a => a != "install").Skip(1);

    private static bool Pinned(string package)
    {
        var vcs = VcsSchemes.Any(s => package.StartsWith(s, StringComparison.Ordinal));
        return VersionSymbols.Any(s => package.Contains(s, StringComparison.Ordinal))
            || (vcs && package.Contains('@', StringComparison.Ordinal))
            || package.EndsWith(".whl", StringComparison.Ordinal) || package.EndsWith(".tar.gz", StringComparison.Ordinal)
            || (!vcs && package.Contains('/', StringComparison.Ordinal));
    }
}
