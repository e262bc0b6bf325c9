using Mao.Tools.Dockerfile.Linting;

namespace Mao.Tools.Dockerfile.Rules;

public sealed class DL3001PointlessCommand : RunRule
{
    private static readonly string[] Commands = ["free", "kill", "mount", "ps", "service", "shutdown", "ssh", "top", "vim"];

    public override string Id => "DL3001";
    public override Severity Severity => Severity.Info;
    public override string Message => "For some bash commands it makes no sense running them in a Docker container like ssh, vim, shutdown, service, ps, free, top, kill, mount";
    public override string Rationale => "A build step has no running services, terminal or processes of interest: these commands either do nothing useful at build time or show a misunderstanding of what RUN does.";

    protected override bool Violates(InstructionInfo run, out string? detail)
    {
        var used = run.Script!.Commands.Select(c => c.Name).Where(n => Commands.Contains(n, StringComparer.Ordinal)).ToArray();
        detail = used.Length > 0 ? List(used) : null;
        return used.Length > 0;
    }
}
