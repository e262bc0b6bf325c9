using Mao.Tools.Dockerfile.Linting;

namespace Mao.Tools.Dockerfile.Rules;

public sealed class DL3029FromPlatform : InstructionRule
{
    public override string Id => "DL3029";
    public override Severity Severity => Severity.Warning;
    public override string Message => "Do not use --platform flag with FROM";
    public override string Rationale => "A fixed --platform makes the Dockerfile build the wrong architecture on multi-platform builds; use the BUILDPLATFORM/TARGETPLATFORM build arguments instead, which are allowed.";
    protected override string Keyword => "FROM";

    protected override bool Violates(InstructionInfo instruction, out string? detail)
    {
        var platform = instruction.Instruction.FlagValue("platform");
        detail = platform;
        return platform is not null && !platform.Contains("BUILDPLATFORM", StringComparison.Ordinal) && !platform.Contains("TARGETPLATFORM", StringComparison.Ordinal);
    }
}
