using Mao.Tools.Dockerfile.Syntax;

namespace Mao.Tools.Dockerfile.Linting;

/// <summary>A build stage: one FROM and the instructions up to the next.</summary>
/// <param name="Index">0-based position, what <c>COPY --from=0</c> refers to.</param>
/// <param name="ImageText">The image as written after ARG substitution.</param>
/// <param name="ImageResolved">False when a variable in the image had no value, so the image is unknown.</param>
/// <param name="Alias">The <c>AS</c> name, lower-cased as BuildKit does, or null.</param>
/// <param name="BaseStage">The earlier stage this one builds on (<c>FROM build</c>), or null for an image.</param>
public sealed record Stage(
    int Index,
    Instruction From,
    string ImageText,
    bool ImageResolved,
    ImageReference Image,
    string? Alias,
    Stage? BaseStage)
{
    public int Line => From.Line;
}
