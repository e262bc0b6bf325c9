using Mao.Tools.Dockerfile.Linting;
using Mao.Tools.Dockerfile.Shell;

namespace Mao.Tools.Dockerfile.Rules;

public sealed class DL3042PipNoCacheDir : RunRule
{
    private static readonly string[] Truthy = ["1", "true", "True", "TRUE", "on", "On", "ON", "yes", "Yes", "YES"];

    public override string Id => "DL3042";
    public override Severity Severity => Severity.Warning;
    public override string Message => "Avoid use of cache directory with pip. Use `pip install --no-cache-dir <package>`";
    public override string Rationale => "pip keeps downloaded wheels in ~/.cache/pip, which then stays in the layer for nothing. Setting PIP_NO_CACHE_DIR (ENV or in the RUN), a cache mount of .cache/pip, and pipx/pipenv are fine.";

    protected override bool Violates(InstructionInfo run, out string? detail)
    {
        detail = null;
        if (run.Variables.TryGetValue("PIP_NO_CACHE_DIR", out var env) && Truthy.Contains(env, StringComparer.Ordinal))
        {
            return false;
        }
        var script = run.Script!;
        var inline = script.Original.IndexOf("PIP_NO_CACHE_DIR=", StringComparison.Ordinal);
        if (inline >= 0 && Truthy.Any(t => script.Original.AsSpan(inline + "PIP_NO_CACHE_DIR=".Length).TrimStart("\"'").StartsWith(t, StringComparison.Ordinal)))
        {
            return false;
        }
        return !Mounts.HasCacheOrTmpfs(run.Effective, ".cache/pip") && script.Commands.Any(c => PipCommands.IsInstall(c) && !c.HasArg("--no-cache-dir") && !IsWrapper(c));
    }

    private static bool IsWrapper(ShellCommand command) =>
        command.Name.Contains("pipx", StringComparison.Ordinal) || command.Name.Contains("pipenv", StringComparison.Ordinal);
}
