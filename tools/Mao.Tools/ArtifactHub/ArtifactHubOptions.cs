namespace Mao.Tools.ArtifactHub;

/// <summary>Artifact Hub crawler settings (section <c>Mao:ArtifactHub</c>; environment <c>MAO__ARTIFACTHUB__BASEURL</c>).</summary>
public sealed class ArtifactHubOptions
{
    public const string Section = "Mao:ArtifactHub";

    public Uri BaseUrl { get; set; } = new("https://artifacthub.io");

    /// <summary>The search API serves at most 60 packages a page.</summary>
    public int PageSize { get; set; } = 60;

    /// <summary>Repository kind: 0 is Helm charts.</summary>
    public int Kind { get; set; }
}
