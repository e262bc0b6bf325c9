using Mao.Tools.Dockerfile.Linting;

namespace Mao.Tools.Dockerfile.Rules;

public sealed class DL3018ApkPin : RunRule
{
    public override string Id => "DL3018";
    public override Severity Severity => Severity.Warning;
    public override string Message => "Pin versions in apk add. Instead of `apk add <package>` use `apk add <package>=<version>`";
    public override string Rationale => "Unpinned Alpine packages make rebuilds install different versions. Pinned means a version constraint (=, ~, >, <) or a local .apk file; the name after --virtual/-t is a group, not a package.";

    protected override bool Violates(InstructionInfo run, out string? detail)
    {
        var unpinned = run.Script!.Commands
            .Where(c => c.Is("apk", "add"))
            .SelectMany(c => c.Operands("t", "virtual", "repository", "X"))
            .Where(p => p != "add" && p.IndexOfAny(['=', '~', '>', '<']) < 0 && !p.EndsWith(".apk", StringComparison.Ordinal))
            .ToArray();
        detail = unpinned.Length > 0 ? List(unpinned) : null;
        return unpinned.Length > 0;
    }
}
