using Mao.Tools.Dockerfile.Linting;

namespace Mao.Tools.Dockerfile.Rules;

public sealed class DL3009AptListsNotDeleted : DockerfileRule
{
    public override string Id => "DL3009";
    public override Severity Severity => Severity.Info;
    public override string Message => "Delete the apt lists (/var/lib/apt/lists) after installing something";
    public override string Rationale => "apt-get update downloads tens of megabytes of package lists; unless the same RUN removes them they stay in a layer of the image forever. As in hadolint, only stages that end up in an image (the last stage, or one a later FROM builds on) are checked, and a cache or tmpfs mount of the lists is fine. Stricter than hadolint, the cleanup must be an rm of /var/lib/apt/lists, not any rm -rf.";

    public override IEnumerable<Finding> Check(LintContext context)
    {
        var shipped = context.Stages.Where(s => s.Index == context.Stages.Count - 1 || context.Stages.Any(t => t.BaseStage == s)).ToHashSet();
        foreach (var run in context.Instructions)
        {
            if (run.Script is not { } script || run.Stage is null && context.Stages.Count > 0 || run.Stage is not null && !shipped.Contains(run.Stage))
            {
                continue;
            }
            var updates = script.Commands.Any(c => c.Is("apt-get", "update") || c.Is("apt", "update") || c.Is("aptitude", "update"));
            var cleans = script.Commands.Any(c => c.Name == "rm" && c.Operands().Any(a => a.StartsWith("/var/lib/apt/lists", StringComparison.Ordinal)));
            if (updates && !cleans && !Mounts.HasCacheOrTmpfs(run.Effective, "/var/lib/apt/lists")
                && !(Mounts.HasCacheOrTmpfs(run.Effective, "/var/lib/apt") && Mounts.HasCacheOrTmpfs(run.Effective, "/var/cache/apt")))
            {
                yield return At(run.Instruction.Line);
            }
        }
    }
}
