using Mao.Tools.Dockerfile.Linting;

namespace Mao.Tools.Dockerfile.Rules;

public sealed class DL3016NpmPin : RunRule
{
    private static readonly string[] GitPrefixes = ["git://", "git+ssh://", "git+http://", "git+https://"];
    private static readonly string[] PathPrefixes = ["/", "./", "../", "~/"];
    private static readonly string[] Tarballs = [".tar", ".tar.gz", ".tgz"];

    public override string Id => "DL3016";
    public override Severity Severity => Severity.Warning;
    public override string Message => "Pin versions in npm. Instead of `npm install <package>` use `npm install <package>@<version>`";
    public override string Rationale => "npm install <name> takes the newest release at build time, so rebuilds differ. name@version (also @scope/name@version), git URLs with #ref, tarballs and local folders count as pinned; a bare `npm install` installs the locked package.json dependencies and is fine.";

    protected override bool Violates(InstructionInfo run, out string? detail)
    {
        var unpinned = run.Script!.Commands
            .Where(c => c.Name == "npm")
            .Select(c => c.Operands("loglevel", "registry"))
            .Where(operands => operands.Count > 0 && operands[0] == "install")
            .SelectMany(operands => operands.Skip(1))
            .Where(p => !Pinned(p))
            .ToArray();
        detail = unpinned.Length > 0 ? List(unpinned) : null;
        return unpinned.Length > 0;
    }

    private static bool Pinned(string package)
    {
        if (GitPrefixes.Any(p => package.StartsWith(p, StringComparison.Ordinal)))
        {
            return package.Contains('#', StringComparison.Ordinal);
        }
        if (Tarballs.Any(t => package.EndsWith(t, StringComparison.Ordinal)) || PathPrefixes.Any(p => package.StartsWith(p, StringComparison.Ordinal)))
        {
            return true;
        }
        var name = package.StartsWith('@') ? package[(package.IndexOf('/', StringComparison.Ordinal) + 1)..] : package;
        return name.Contains('@', StringComparison.Ordinal);
    }
}
