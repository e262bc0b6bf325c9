using Mao.Tools.Dockerfile.Linting;

namespace Mao.Tools.Dockerfile.Rules;

public sealed class DL3007LatestTag : DockerfileRule
{
    public override string Id => "DL3007";
    public override Severity Severity => Severity.Warning;
    public override string Message => "Using latest is prone to errors if the image will ever update. Pin the version explicitly to a release tag";
    public override string Rationale => "'latest' moves: rebuilding the same Dockerfile later silently changes the base image. A tag together with a digest is pinned and therefore fine.";

    public override IEnumerable<Finding> Check(LintContext context)
    {
        foreach (var stage in context.Stages)
        {
            if (stage.ImageResolved && stage.BaseStage is null && stage.Image is { Tag: "latest", Digest: null })
            {
                yield return At(stage.Line, stage.Image.ToString());
            }
        }
    }
}
