using Mao.Tools.Dockerfile.Shell;
using Mao.Tools.Dockerfile.Syntax;

namespace Mao.Tools.Dockerfile.Linting;

/// <summary>Which text of a RUN is shell script: the command line, and here-documents fed to a shell or given alone.</summary>
internal static class RunScript
{
    private static readonly HashSet<string> Shells = new(StringComparer.Ordinal) { "sh", "bash", "ash", "dash", "zsh", "/bin/sh", "/bin/bash", "/bin/ash", "/bin/dash", "/bin/zsh" };

    public static ShellScript Of(Instruction run)
    {
        var commandLine = run.Json is { } json ? string.Join(' ', json) : run.Arguments;
        var script = ShellScript.Parse(commandLine);
        if (run.Heredocs.Count == 0)
        {
            return script;
        }
        // `RUN <<EOF` (no command) runs the body with the default shell; `RUN bash <<EOF` feeds it to bash
        var bodyIsScript = script.Commands.Count == 0 || Shells.Contains(script.Commands[0].Name);
        if (!bodyIsScript)
        {
            return script;
        }
        var parts = new List<ShellScript> { script };
        parts.AddRange(run.Heredocs.Select(h => ShellScript.Parse(h.Body)));
        return ShellScript.Concat(parts);
    }
}
