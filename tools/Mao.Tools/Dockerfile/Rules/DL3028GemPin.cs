using Mao.Tools.Dockerfile.Linting;
using Mao.Tools.Dockerfile.Shell;

namespace Mao.Tools.Dockerfile.Rules;

public sealed class DL3028GemPin : RunRule
{
    public override string Id => "DL3028";
    public override Severity Severity => Severity.Warning;
    public override string Message => "Pin versions in gem install. Instead of `gem install <gem>` use `gem install <gem>:<version>`";
    public override string Rationale => "An unpinned gem install takes the newest release at build time, so rebuilds differ. gem:version or a -v/--version option pins it.";

    protected override bool Violates(InstructionInfo run, out string? detail)
    {
        var unpinned = run.Script!.Commands.Where(IsUnversionedInstall).SelectMany(Gems).Where(g => !g.Contains(':', StringComparison.Ordinal)).ToArray();
        detail = unpinned.Length > 0 ? List(unpinned) : null;
        return unpinned.Length > 0;
    }

    private static bool IsUnversionedInstall(ShellCommand command) =>
        command.Is("gem", "install", "i") && !command.HasArg("-v") && !command.HasArg("--version")
        && !command.Arguments.Any(a => a.StartsWith("--version=", StringComparison.Ordinal));

    /// <summary>Arguments before "--" that are not options; like hadolint, an option is taken to have a value.</summary>
    private static IEnumerable<string> Gems(ShellCommand command)
    {
        var args = command.Arguments.TakeWhile(a => a != "--").ToArray();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith('-'))
            {
                i++;
            }
            else if (args[i] is not ("install" or "i"))
            {
                yield return args[i];
            }
        }
    }
}
