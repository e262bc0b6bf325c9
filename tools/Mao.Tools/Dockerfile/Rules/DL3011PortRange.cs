using System.Globalization;
using Mao.Tools.Dockerfile.Linting;

namespace Mao.Tools.Dockerfile.Rules;

public sealed class DL3011PortRange : InstructionRule
{
    public override string Id => "DL3011";
    public override Severity Severity => Severity.Error;
    public override string Message => "Valid UNIX ports range from 0 to 65535";
    public override string Rationale => "A port outside 0-65535 cannot be published; the number is a typo. Ports given by unresolved variables are not checked.";
    protected override string Keyword => "EXPOSE";

    protected override bool Violates(InstructionInfo instruction, out string? detail)
    {
        var bad = new List<string>();
        foreach (var word in instruction.Words())
        {
            var port = instruction.Expand(word, out var resolved);
            if (!resolved)
            {
                continue;
            }
            var slash = port.IndexOf('/', StringComparison.Ordinal);
            var number = slash < 0 ? port : port[..slash];
            foreach (var part in number.Split('-'))
            {
                if (long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 65535)
                {
                    bad.Add(port);
                }
            }
        }
        detail = bad.Count > 0 ? List(bad) : null;
        return bad.Count > 0;
    }
}
