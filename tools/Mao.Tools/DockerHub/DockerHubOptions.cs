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

    /// <summary>Repositories crawled at once (requests are further capped per host by the rate-limit gate).</summary>
    public int RepositoryConcurrency { get; set; } = 4;

    /// <summary>Read architectures from the registry when the tags API lists no images.</summary>
    public bool UseRegistryFallback { get; set; } = true;

    /// <summary>Which part of the repositories this site crawls (see <see cref="ShardSelector"/>).</summary>
    public int ShardIndex { get; set; }
    public int ShardCount { get; set; } = 1;
    public double ShardOverlap { get; set; }
}
