using Mao.Tools.Dockerfile.Linting;

namespace Mao.Tools.Dockerfile.Rules;

public sealed class DL3012MultipleHealthcheck : PerStageRepeat
{
    public override string Id => "DL3012";
    public override Severity Severity => Severity.Error;
    public override string Message => "Multiple HEALTHCHECK instructions";
    public override string Rationale => "Only the last HEALTHCHECK of a stage takes effect; earlier ones are dead code that readers will believe in.";
    protected override string Keyword => "HEALTHCHECK";
}
