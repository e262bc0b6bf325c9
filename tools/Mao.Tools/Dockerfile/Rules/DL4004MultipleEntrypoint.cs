using Mao.Tools.Dockerfile.Linting;

namespace Mao.Tools.Dockerfile.Rules;

public sealed class DL4004MultipleEntrypoint : PerStageRepeat
{
    public override string Id => "DL4004";
    public override Severity Severity => Severity.Error;
    public override string Message => "Multiple ENTRYPOINT instructions found. If you list more than one ENTRYPOINT then only the last ENTRYPOINT will take effect";
    public override string Rationale => "Only the last ENTRYPOINT of a stage is kept; an earlier one is dead code and usually a mistake.";
    protected override string Keyword => "ENTRYPOINT";
}
