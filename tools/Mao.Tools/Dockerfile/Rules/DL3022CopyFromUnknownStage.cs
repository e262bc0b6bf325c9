using System.Globalization;
using Mao.Tools.Dockerfile.Linting;

namespace Mao.Tools.Dockerfile.Rules;

public sealed class DL3022CopyFromUnknownStage : DockerfileRule
{
    public override string Id => "DL3022";
    public override Severity Severity => Severity.Warning;
    public override string Message => "`COPY --from` should reference a previously defined `FROM` alias";
    public override string Rationale => "A --from that names no earlier stage is pulled as an image from a registry, usually because of a typo in the stage name. Image references (with ':'), earlier stage names and stage numbers are fine.";

    public override IEnumerable<Finding> Check(LintContext context)
    {
        foreach (var info in context.Instructions)
        {
            if (info.IsOnbuild || !info.Instruction.Is("COPY") || info.Instruction.FlagValue("from") is not { } raw)
            {
                continue;
            }
            var from = info.Expand(raw.Trim('"', '\''), out var resolved);
            if (!resolved || from.Contains(':', StringComparison.Ordinal))
            {
                continue;
            }
            var current = info.Stage?.Index ?? -1;
            var known = context.Stages.Any(s => s.Index <= current && string.Equals(s.Alias, from, StringComparison.OrdinalIgnoreCase))
                || (int.TryParse(from, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index <= current);
            if (!known)
            {
                yield return At(info.Instruction.Line, from);
            }
        }
    }
}
