namespace Mao.Tools.DockerHub;

/// <summary>Docker Hub crawler settings (section <c>Mao:DockerHub</c>; environment <c>MAO__DOCKERHUB__HUBBASEURL</c> ...).</summary>
public sealed class DockerHubOptions
{
    public const string Section = "Mao:DockerHub";

    public Uri HubBaseUrl { get; set; } = new("https://hub.docker.com");
    public Uri RegistryBaseUrl { get; set; } = new("https://registry-1.docker.io");
    public Uri AuthBaseUrl { get; set; } = new("https://auth.docker.io");

    /// <summary>The <c>service</c> parameter of the token request.</summary>
    public string AuthService { get; set; } = "registry.docker.io";

    /// <summary>Namespaces to crawl besides or instead of the default; empty means the official images' <c>library</c>.</summary>
    public List<string> Namespaces { get; set; } = [];

    /// <summary>The namespaces a crawl visits: the configured ones, or <c>library</c> when none is configured.</summary>
    public IReadOnlyList<string> EffectiveNamespaces =>
        Namespaces.Count == 0 ? ["library"] : [.. Namespaces.Where(n => n.Length > 0).Distinct(StringComparer.Ordinal)];

    /// <summary>The Hub caps page_size at 100.</summary>
    public int PageSize { get; set; } = 100;

    /// <summary>
    /// Tags per unit of a scheduled run (one Hub page): a unit whose tags all need the registry on a cold cache makes
    /// about three requests per tag, so a smaller page keeps each activity well under a minute.
    /// </summary>
    public int UnitPageSize { get; set; } = 25;

    /// <summary>Repositories crawled at once (requests are further capped per host by the rate-limit gate).</summary>
    public int RepositoryConcurrency { get; set; } = 4;

    /// <summary>Read architectures from the registry when the tags API lists no images.</summary>
    public bool UseRegistryFallback { get; set; } = true;

    /// <summary>
    /// Docker Hub account for the registry's token service (with <see cref="AccessToken"/>): a free account's pull
    /// limit is ten times the anonymous one. Empty: anonymous. Environment: <c>MAO__DOCKERHUB__USERNAME</c>.
    /// </summary>
    public string Username { get; set; } = "";

    /// <summary>A Docker Hub personal access token (read-only is enough); never logged or written to reports.</summary>
    public string AccessToken { get; set; } = "";

    /// <summary>True when both <see cref="Username"/> and <see cref="AccessToken"/> are set.</summary>
    public bool HasCredentials => Username.Length > 0 && AccessToken.Length > 0;

    /// <summary>Where fetched manifests are kept by digest (the crawl's state folder); empty: mao-state/registry-manifests in the temp folder.</summary>
    public string ManifestCacheDirectory { get; set; } = "";

    public string EffectiveManifestCacheDirectory =>
        ManifestCacheDirectory.Length > 0 ? ManifestCacheDirectory : Path.Combine(Path.GetTempPath(), "mao-state", "registry-manifests");

    /// <summary>Pages followed per listing when the Hub reports no count (with a count, pages are capped by it).</summary>
    public int MaxPagesWithoutCount { get; set; } = 1000;

    /// <summary>Which part of the repositories this site crawls (see <see cref="ShardSelector"/>).</summary>
    public int ShardIndex { get; set; }
    public int ShardCount { get; set; } = 1;
    public double ShardOverlap { get; set; }
}
