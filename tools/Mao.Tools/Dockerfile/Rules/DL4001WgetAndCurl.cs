using Mao.Tools.Dockerfile.Linting;

namespace Mao.Tools.Dockerfile.Rules;

public sealed class DL4001WgetAndCurl : DockerfileRule
{
    public override string Id => "DL4001";
    public override Severity Severity => Severity.Warning;
    public override string Message => "Either use Wget or Curl but not both";
    public override string Rationale => "Two download tools in one stage means two sets of options, behaviours and packages to install; pick one. Like hadolint, every RUN that uses one of them once both have appeared in the stage is reported.";

    public override IEnumerable<Finding> Check(LintContext context)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        Stage? stage = null;
        foreach (var run in context.Instructions)
        {
            if (!ReferenceEquals(run.Stage, stage))
            {
                stage = run.Stage;
                used.Clear();
            }
            if (run.Script is null)
            {
                continue;
            }
            var tools = run.Script.Commands.Select(c => c.Name).Where(n => n is "wget" or "curl").ToArray();
            used.UnionWith(tools);
            if (tools.Length > 0 && used.Count == 2)
            {
                yield return At(run.Instruction.Line);
            }
        }
    }
}
