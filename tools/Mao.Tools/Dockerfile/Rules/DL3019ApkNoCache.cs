using Mao.Tools.Dockerfile.Linting;

namespace Mao.Tools.Dockerfile.Rules;

public sealed class DL3019ApkNoCache : RunRule
{
    public override string Id => "DL3019";
    public override Severity Severity => Severity.Info;
    public override string Message => "Use the `--no-cache` switch to avoid the need to use `--update` and remove `/var/cache/apk/*` when done installing packages";
    public override string Rationale => "apk add keeps the package index in /var/cache/apk, which then stays in the layer; --no-cache fetches a fresh index and keeps nothing. A cache mount of /var/cache/apk is fine too.";

    protected override bool Violates(InstructionInfo run, out string? detail)
    {
        detail = null;
        return !Mounts.HasCacheOrTmpfs(run.Effective, "/var/cache/apk")
            && run.Script!.Commands.Any(c => c.Is("apk", "add") && !c.HasFlag("no-cache"));
    }
}
