using Mao.Tools.Dockerfile.Linting;
using Mao.Tools.Dockerfile.Shell;

namespace Mao.Tools.Dockerfile.Rules;

public sealed class DL3046UseraddHighUid : RunRule
{
    public override string Id => "DL3046";
    public override Severity Severity => Severity.Warning;
    public override string Message => "`useradd` without flag `-l` and high UID will result in excessively large Image.";
    public override string Rationale => "useradd records the new user in the sparse files /var/log/lastlog and faillog, sized by UID: a UID of six digits or more writes gigabytes of zeros into the layer. -l (--no-log-init) skips that.";

    protected override bool Violates(InstructionInfo run, out string? detail)
    {
        detail = null;
        return run.Script!.Commands.Any(c => c.Name == "useradd" && !c.HasAnyFlag("l", "no-log-init") && Uids(c).Any(u => u.Length > 5));
    }

    private static IEnumerable<string> Uids(ShellCommand command)
    {
        var args = command.Arguments;
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] is "-u" or "--uid" && i + 1 < args.Count) { yield return args[i + 1]; }
            else if (args[i].StartsWith("--uid=", StringComparison.Ordinal)) { yield return args[i][6..]; }
        }
    }
}
