using Mao.Tools.Dockerfile.Linting;
using Mao.Tools.Dockerfile.Shell;

namespace Mao.Tools.Dockerfile.Rules;

public sealed class DL3047WgetProgress : RunRule
{
    public override string Id => "DL3047";
    public override Severity Severity => Severity.Info;
    public override string Message => "Avoid use of wget without progress bar. Use `wget --progress=dot:giga <url>`. Or consider using `-q` or `-nv` (shorthands for `--quiet` or `--no-verbose`).";
    public override string Rationale => "Without a terminal wget prints a progress line every few kilobytes, which bloats build logs to megabytes for large downloads. --progress, -q, -nv or logging to a file (-o, -a) avoid it; -O (output document) does not.";

    protected override bool Violates(InstructionInfo run, out string? detail)
    {
        detail = null;
        return run.Script!.Commands.Any(c => c.Name == "wget" && !Quiet(c));
    }

    private static bool Quiet(ShellCommand wget) =>
        wget.HasAnyFlag("progress", "q", "quiet", "o", "output-file", "a", "append-output", "no-verbose") || wget.HasArg("-nv");
}
