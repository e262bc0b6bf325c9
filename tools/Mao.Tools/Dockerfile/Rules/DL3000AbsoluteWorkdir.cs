using Mao.Tools.Dockerfile.Linting;

namespace Mao.Tools.Dockerfile.Rules;

public sealed class DL3000AbsoluteWorkdir : InstructionRule
{
    public override string Id => "DL3000";
    public override Severity Severity => Severity.Error;
    public override string Message => "Use absolute WORKDIR";
    public override string Rationale => "A relative WORKDIR depends on the previous WORKDIR (possibly set by the base image), so the directory changes when the base image does. ARG/ENV values are substituted first; an unresolvable variable is given the benefit of the doubt.";
    protected override string Keyword => "WORKDIR";

    protected override bool Violates(InstructionInfo instruction, out string? detail)
    {
        detail = null;
        var path = instruction.Expand(instruction.Effective.Arguments.Trim().Trim('"', '\''), out var resolved);
        return !(path.StartsWith('$') && !resolved) && !Paths.IsAbsolute(path);
    }
}
