using Mao.Tools.Dockerfile.Syntax;

namespace Mao.Tools.Dockerfile.Linting;

/// <summary>
/// A parsed Dockerfile prepared for the rules: stages with their resolved base images, and for every instruction
/// its stage, whether its shell is POSIX, and the ARG/ENV values in scope (BuildKit's scoping: ARGs before the
/// first FROM are only visible in FROM lines unless re-declared in a stage; ENV carries into stages built on it).
/// </summary>
public sealed class LintContext
{
    private static readonly string[] NonPosixShells = ["pwsh", "powershell", "cmd"];
    private static readonly string[] WindowsImages = ["windows/servercore", "windows/nanoserver", "windows/server", "mcr.microsoft.com/windows"];

    public LintContext(DockerfileDocument document)
    {
        Document = document;
        var escape = document.Directives.Escape;
        var globalArgs = new Dictionary<string, string>(StringComparer.Ordinal);
        var stages = new List<Stage>();
        var finalEnv = new Dictionary<Stage, Dictionary<string, string>>();
        var finalPosix = new Dictionary<Stage, bool>();
        var infos = new List<InstructionInfo>();
        var shellPragmas = document.Comments.Select(c => (c.Line, Shell: Pragmas.ShellOf(c))).Where(p => p.Shell is not null).ToList();
        var pragmaIndex = 0;
        Stage? stage = null;
        var vars = new Dictionary<string, string>(StringComparer.Ordinal);
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        var posix = true;
        foreach (var instruction in document.Instructions)
        {
            for (; pragmaIndex < shellPragmas.Count && shellPragmas[pragmaIndex].Line < instruction.Line; pragmaIndex++)
            {
                posix = IsPosix(shellPragmas[pragmaIndex].Shell!);
            }
            if (instruction.Is("FROM"))
            {
                if (stage is not null)
                {
                    finalEnv[stage] = env;
                    finalPosix[stage] = posix;
                }
                stage = NewStage(instruction, stages, globalArgs, escape);
                stages.Add(stage);
                env = stage.BaseStage is { } parent ? new(finalEnv[parent], StringComparer.Ordinal) : new(StringComparer.Ordinal);
                vars = new(env, StringComparer.Ordinal);
                posix = stage.BaseStage is { } p ? finalPosix[p] : !WindowsImages.Any(w => stage.ImageText.Contains(w, StringComparison.OrdinalIgnoreCase));
                infos.Add(new InstructionInfo(instruction, stage, posix, vars, escape));
                continue;
            }
            if (instruction.Is("ARG"))
            {
                // copy before changing: earlier instructions keep the values they saw
                if (stage is null) { globalArgs = new(globalArgs, StringComparer.Ordinal); } else { vars = new(vars, StringComparer.Ordinal); }
                var scope = stage is null ? globalArgs : vars;
                foreach (var (name, value) in ArgumentSplitter.Pairs(instruction.Arguments, escape, valueOptional: true, out _))
                {
                    if (value is not null)
                    {
                        scope[name] = Variables.Expand(value, scope, escape, out _);
                    }
                    else if (stage is not null && globalArgs.TryGetValue(name, out var global))
                    {
                        scope[name] = global;
                    }
                }
            }
            else if (instruction.Is("ENV"))
            {
                env = new(env, StringComparer.Ordinal);
                vars = new(vars, StringComparer.Ordinal);
                foreach (var (name, value) in ArgumentSplitter.Pairs(instruction.Arguments, escape, valueOptional: false, out _))
                {
                    var expanded = Variables.Expand(value ?? "", vars, escape, out _);
                    env[name] = expanded;
                    vars[name] = expanded;
                }
            }
            else if (instruction.Is("SHELL") && instruction.Json is { Count: > 0 } shell)
            {
                posix = IsPosix(shell[0]);
            }
            infos.Add(new InstructionInfo(instruction, stage, posix, stage is null ? globalArgs : vars, escape));
        }
        Stages = stages;
        Instructions = infos;
    }

    public DockerfileDocument Document { get; }

    public IReadOnlyList<Stage> Stages { get; }

    public IReadOnlyList<InstructionInfo> Instructions { get; }

    public char Escape => Document.Directives.Escape;

    /// <summary>The instructions of one stage, in order.</summary>
    public IEnumerable<InstructionInfo> InStage(Stage stage) => Instructions.Where(i => ReferenceEquals(i.Stage, stage));

    private static bool IsPosix(string shell)
    {
        var name = shell.Replace('\\', '/').Split('/')[^1];
        return !NonPosixShells.Any(n => name.StartsWith(n, StringComparison.OrdinalIgnoreCase));
    }

    private static Stage NewStage(Instruction from, List<Stage> earlier, Dictionary<string, string> globalArgs, char escape)
    {
        var words = ArgumentSplitter.Words(from.Arguments, escape, out _);
        var imageText = Variables.Expand(words.Count > 0 ? words[0] : "", globalArgs, escape, out var resolved);
        var alias = words.Count >= 3 && words[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? words[2].ToLowerInvariant() : null;
        var baseStage = earlier.LastOrDefault(s => s.Alias is not null && string.Equals(s.Alias, imageText, StringComparison.OrdinalIgnoreCase));
        return new Stage(earlier.Count, from, imageText, resolved, ImageReference.Parse(imageText), alias, baseStage);
    }
}
