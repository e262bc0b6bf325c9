using Mao.Core.Model;

namespace Mao.Tools.Manifests;

/// <summary>The built-in tools' manifests: names, six-field NCRONTAB schedules (seconds first) and record schemas.</summary>
public static class ToolManifests
{
    public const string Version = "1.0.0";

    public static readonly ToolManifest DockerHubTags = new(
        "dockerhub-tags", Version, "0 0 3 * * *",
        new MetricSchema("image",
        [
            new("repository", FieldKind.Category, "namespace/name on Docker Hub"),
            new("tag", FieldKind.Category),
            new("digest", FieldKind.Category, "digest of the tag's manifest or image index"),
            new("platforms", FieldKind.Set, "os/architecture[/variant] of each image, attestations excluded"),
            new("architectures", FieldKind.Set, "architecture[/variant], e.g. amd64, arm/v7, arm64/v8"),
            new("os", FieldKind.Set, "operating systems, e.g. linux, windows"),
            new("os_versions", FieldKind.Set, "Windows os.version values such as 10.0.17763.5122"),
            new("size", FieldKind.Count, "compressed size in bytes as the Hub reports it"),
            new("last_pushed", FieldKind.Category, "when the tag was last pushed (ISO 8601)"),
            new("repository_updated", FieldKind.Category, "the repository's last_updated, used to skip unchanged repositories"),
            new("platform_source", FieldKind.Category, "hub-images when the tags API listed images, registry-index when read from the registry"),
        ]),
        "Every tag of the configured Docker Hub namespaces with its architectures and OS");

    /// <summary>The paper's daily counts; the column names are those of the earlier prototype's time series.</summary>
    public static readonly ToolManifest DockerHubArch = new(
        "dockerhub-arch", Version, "0 30 3 * * *",
        new MetricSchema("date",
        [
            new("tag_count", FieldKind.Count), new("image_count", FieldKind.Count), new("latest_images", FieldKind.Count),
            new("arm_images", FieldKind.Count), new("arm64_images", FieldKind.Count), new("ppc64le_images", FieldKind.Count),
            new("x386_images", FieldKind.Count), new("amd64_images", FieldKind.Count), new("s390x_images", FieldKind.Count),
            new("linux_images", FieldKind.Count), new("windows_images", FieldKind.Count),
            new("multiarch_share", FieldKind.Performance, "share of tags with more than one platform"),
        ]),
        "Images per architecture and OS per day, aggregated from dockerhub-tags");

    public static readonly ToolManifest ArtifactHubHelm = new(
        "artifacthub-helm", Version, "0 0 4 * * *",
        new MetricSchema("package",
        [
            new("repository", FieldKind.Category), new("name", FieldKind.Category),
            new("version", FieldKind.Category), new("app_version", FieldKind.Category),
            new("signed", FieldKind.Category), new("verified_publisher", FieldKind.Category),
            new("official", FieldKind.Category), new("deprecated", FieldKind.Category),
            new("security_critical", FieldKind.Count), new("security_high", FieldKind.Count),
            new("security_medium", FieldKind.Count), new("security_low", FieldKind.Count),
            new("security_unknown", FieldKind.Count),
        ]),
        "Helm charts on Artifact Hub with version, signing, publisher and security summary");

    public static readonly ToolManifest AwsSar = new(
        "aws-sar", Version, "0 0 5 * * *",
        new MetricSchema("application",
        [
            new("name", FieldKind.Category), new("publisher", FieldKind.Category),
            new("deployment_count", FieldKind.Count), new("labels", FieldKind.Set),
            new("required_capabilities", FieldKind.Set), new("home_page_url", FieldKind.Category),
            new("description", FieldKind.Category),
        ]),
        "Applications of the public AWS Serverless Application Repository catalogue");

    /// <summary>The linter's tool (records by <see cref="Dockerfile.Linting.LintSnapshot"/>); not in <see cref="All"/>, the crawled tools.</summary>
    public static readonly ToolManifest DockerfileLint = Dockerfile.Linting.LintSnapshot.Manifest(Version);

    /// <summary>A built-in tool's manifest by name, the linter's included; null when there is none.</summary>
    public static ToolManifest? Find(string name) => All.Append(DockerfileLint).FirstOrDefault(m => m.Name == name);

    public static IReadOnlyList<ToolManifest> All { get; } = [DockerHubTags, DockerHubArch, ArtifactHubHelm, AwsSar];
}
