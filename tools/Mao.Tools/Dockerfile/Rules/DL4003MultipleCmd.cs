using Mao.Tools.Dockerfile.Linting;

namespace Mao.Tools.Dockerfile.Rules;

public sealed class DL4003MultipleCmd : PerStageRepeat
{
    public override string Id => "DL4003";
    public override Severity Severity => Severity.Warning;
    public override string Message => "Multiple CMD instructions found. If you list more than one CMD then only the last CMD will take effect";
    public override string Rationale => "Only the last CMD of a stage is kept in the image; the others mislead readers about what the container runs.";
    protected override string Keyword => "CMD";
}
