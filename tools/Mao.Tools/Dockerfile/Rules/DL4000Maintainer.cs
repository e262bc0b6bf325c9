using Mao.Tools.Dockerfile.Linting;

namespace Mao.Tools.Dockerfile.Rules;

public sealed class DL4000Maintainer : InstructionRule
{
    public override string Id => "DL4000";
    public override Severity Severity => Severity.Error;
    public override string Message => "MAINTAINER is deprecated";
    public override string Rationale => "MAINTAINER has been deprecated since Docker 1.13; use LABEL org.opencontainers.image.authors=... which tools can read.";
    protected override string Keyword => "MAINTAINER";

    protected override bool Violates(InstructionInfo instruction, out string? detail)
    {
        detail = null;
        return true;
    }
}
