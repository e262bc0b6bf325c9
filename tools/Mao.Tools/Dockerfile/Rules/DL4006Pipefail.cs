using Mao.Tools.Dockerfile.Linting;
using Mao.Tools.Dockerfile.Shell;

namespace Mao.Tools.Dockerfile.Rules;

public sealed class DL4006Pipefail : DockerfileRule
{
    private static readonly string[] PipefailShells = ["bash", "zsh", "ash"];

    public override string Id => "DL4006";
    public override Severity Severity => Severity.Warning;
    public override string Message => "Set the SHELL option -o pipefail before RUN with a pipe in it. If you are using /bin/sh in an alpine image or if your shell is symlinked to busybox then consider explicitly setting your SHELL to /bin/ash, or disable this check";
    public override string Rationale => "A pipeline's status is that of its last command, so in `wget -O- url | tar x` a failed download still lets the build go on. Only SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"] (or zsh/ash) counts, as in hadolint; `set -o pipefail` inside a RUN is not recognised. Non-POSIX shells are exempt.";

    public override IEnumerable<Finding> Check(LintContext context)
    {
        var pipefail = false;
        foreach (var info in context.Instructions)
        {
            var instruction = info.Instruction;
            if (instruction.Is("FROM"))
            {
                pipefail = false;
            }
            else if (instruction.Is("SHELL") && instruction.Json is { Count: > 0 } shell)
            {
                var command = new ShellCommand(shell[0].Split('/')[^1], shell.Skip(1).ToArray());
                pipefail = PipefailShells.Contains(command.Name, StringComparer.Ordinal) && command.HasFlag("o") && command.HasArg("pipefail");
            }
            else if (!pipefail && !info.IsOnbuild && info.Script is { HasPipes: true })
            {
                yield return At(instruction.Line);
            }
        }
    }
}
