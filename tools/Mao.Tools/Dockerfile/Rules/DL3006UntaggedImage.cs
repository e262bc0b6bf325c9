using Mao.Tools.Dockerfile.Linting;

namespace Mao.Tools.Dockerfile.Rules;

public sealed class DL3006UntaggedImage : DockerfileRule
{
    public override string Id => "DL3006";
    public override Severity Severity => Severity.Warning;
    public override string Message => "Always tag the version of an image explicitly";
    public override string Rationale => "Without a tag the build takes whatever 'latest' is on the day, so the same Dockerfile builds different images. scratch, digests and earlier stage names are fine. Unlike hadolint, an image given by an ARG with a default (FROM ${BASE}) is checked after substitution; one with no value is skipped.";

    public override IEnumerable<Finding> Check(LintContext context)
    {
        foreach (var stage in context.Stages)
        {
            if (!stage.ImageResolved || stage.BaseStage is not null || stage.ImageText.Length == 0)
            {
                continue;
            }
            var image = stage.Image;
            if (!image.IsScratch && image.Digest is null && image.Tag is null)
            {
                yield return At(stage.Line, image.Name);
            }
        }
    }
}
