using Mao.Tools.Dockerfile.Linting;
using Mao.Tools.Dockerfile.Shell;

namespace Mao.Tools.Dockerfile.Rules;

/// <summary>
/// yum/dnf keep metadata and packages in /var/cache: the RUN that installs must clean afterwards
/// (`clean all` after the first install, or an rm of the cache directory), else the cache stays in the layer.
/// </summary>
public abstract class PackageManagerClean : RunRule
{
    protected abstract string[] Tools { get; }
    protected abstract string[] InstallVerbs { get; }
    protected abstract string CacheDirectory { get; }

    protected override bool Violates(InstructionInfo run, out string? detail)
    {
        detail = null;
        var commands = run.Script!.Commands;
        var install = IndexOf(commands, c => Tools.Contains(c.Name, StringComparer.Ordinal) && c.Is(c.Name, InstallVerbs));
        if (install < 0 || Mounts.HasCacheOrTmpfs(run.Effective, CacheDirectory))
        {
            return false;
        }
        var clean = IndexOf(commands, c => (Tools.Contains(c.Name, StringComparer.Ordinal) && c.HasArg("clean") && c.HasArg("all"))
            || (c.Name == "rm" && c.Operands().Any(o => o.StartsWith(CacheDirectory, StringComparison.Ordinal))));
        return clean < install;
    }

    private static int IndexOf(IReadOnlyList<ShellCommand> commands, Func<ShellCommand, bool> match)
    {
        for (var i = 0; i < commands.Count; i++)
        {
            if (match(commands[i])) { return i; }
        }
        return -1;
    }
}

public sealed class DL3032YumClean : PackageManagerClean
{
    public override string Id => "DL3032";
    public override Severity Severity => Severity.Warning;
    public override string Message => "`yum clean all` missing after yum command.";
    public override string Rationale => "yum leaves its metadata and downloaded packages in /var/cache/yum; unless the same RUN cleans them they add tens of megabytes to the layer.";
    protected override string[] Tools => ["yum"];
    protected override string[] InstallVerbs => ["install"];
    protected override string CacheDirectory => "/var/cache/yum";
}

public sealed class DL3040DnfClean : PackageManagerClean
{
    public override string Id => "DL3040";
    public override Severity Severity => Severity.Warning;
    public override string Message => "`dnf clean all` missing after dnf command.";
    public override string Rationale => "dnf leaves its metadata and packages in /var/cache (libdnf5, dnf); unless the same RUN cleans them they stay in the layer. A cache mount of the directory is fine.";
    protected override string[] Tools => ["dnf", "microdnf"];
    protected override string[] InstallVerbs => ["install", "in", "upgrade", "up", "upgrade-minimal", "up-min", "reinstall", "rei"];
    protected override string CacheDirectory => "/var/cache/libdnf5";
}
