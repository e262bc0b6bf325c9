using Mao.Tools.Dockerfile.Linting;

namespace Mao.Tools.Dockerfile.Rules;

public sealed class DL3025JsonCmd : DockerfileRule
{
    public override string Id => "DL3025";
    public override Severity Severity => Severity.Warning;
    public override string Message => "Use arguments JSON notation for CMD and ENTRYPOINT arguments";
    public override string Rationale => "In shell form the process runs under /bin/sh -c, which does not forward signals: docker stop waits for the timeout and then kills the process without a clean shutdown. As in hadolint, HEALTHCHECK CMD in shell form is reported too.";

    public override IEnumerable<Finding> Check(LintContext context)
    {
        foreach (var info in context.Instructions)
        {
            var instruction = info.Instruction;
            if (info.IsOnbuild)
            {
                continue;
            }
            if ((instruction.Is("CMD") || instruction.Is("ENTRYPOINT")) && !instruction.IsJsonForm)
            {
                yield return At(instruction.Line, instruction.Keyword);
            }
            else if (instruction.Is("HEALTHCHECK") && IsShellFormCheck(instruction.Arguments))
            {
                yield return At(instruction.Line, "HEALTHCHECK CMD");
            }
        }
    }

    private static bool IsShellFormCheck(string arguments)
    {
        var text = arguments.TrimStart();
        if (!text.StartsWith("CMD", StringComparison.OrdinalIgnoreCase) || text.Length < 4 || !char.IsWhiteSpace(text[3]))
        {
            return false;
        }
        return Syntax.JsonForm.TryParse(text[3..]) is null;
    }
}
