using Mao.Tools.Dockerfile.Linting;

namespace Mao.Tools.Dockerfile.Rules;

public sealed class DL3045CopyRelativeWithoutWorkdir : DockerfileRule
{
    public override string Id => "DL3045";
    public override Severity Severity => Severity.Warning;
    public override string Message => "`COPY` to a relative destination without `WORKDIR` set.";
    public override string Rationale => "A relative destination is resolved against the base image's working directory, which this Dockerfile does not control and which can change with the base image. A WORKDIR earlier in the stage (or in the stage it builds on) makes it explicit.";

    public override IEnumerable<Finding> Check(LintContext context)
    {
        var withWorkdir = new HashSet<Stage>();
        foreach (var info in context.Instructions)
        {
            var instruction = info.Instruction;
            if (info.IsOnbuild || info.Stage is not { } stage)
            {
                continue;
            }
            if (instruction.Is("FROM") && stage.BaseStage is { } parent && withWorkdir.Contains(parent))
            {
                withWorkdir.Add(stage);
            }
            else if (instruction.Is("WORKDIR"))
            {
                withWorkdir.Add(stage);
            }
            else if (instruction.Is("COPY") && !withWorkdir.Contains(stage) && CopyOperands.Of(info) is { } operands)
            {
                var destination = operands.Destination.Trim('"', '\'');
                if (!Paths.IsAbsolute(destination) && !Paths.IsVariable(destination))
                {
                    yield return At(instruction.Line, destination);
                }
            }
        }
    }
}
