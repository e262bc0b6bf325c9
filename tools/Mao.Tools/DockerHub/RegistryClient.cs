using System.Collections.Concurrent;
using Mao.Tools.Http;
using Microsoft.Extensions.Options;

namespace Mao.Tools.DockerHub;

/// <summary>
/// Typed client of the registry (anonymous bearer tokens from the auth service): HEAD a tag for its digest
/// (free), GET its image index or manifest (counts against the pull limit) and read the platforms.
/// </summary>
public sealed class RegistryClient(HttpClient http, IOptions<DockerHubOptions> options, IOptions<CrawlHttpOptions> httpOptions, TimeProvider clock)
{
    public static readonly string[] ManifestTypes =
    [
        "application/vnd.oci.image.index.v1+json",
        "application/vnd.docker.distribution.manifest.list.v2+json",
        "application/vnd.oci.image.manifest.v1+json",
        "application/vnd.docker.distribution.manifest.v2+json",
    ];

    private readonly JsonFetcher _fetcher = new(http, httpOptions.Value.MaxBodyBytes);
    private readonly DockerHubOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, (string Token, DateTimeOffset Expires)> _tokens = new(StringComparer.Ordinal);

    /// <summary>The digest the registry reports for a tag, from a HEAD request; null when it sends none.</summary>
    public async Task<string?> HeadDigestAsync(string repository, string tag, CancellationToken cancellationToken)
    {
        var url = ManifestUrl(repository, tag);
        var headers = new RequestHeaders(ManifestTypes, await TokenAsync(repository, cancellationToken).ConfigureAwait(false));
        using var response = await _fetcher.HeadAsync(url, cancellationToken, headers).ConfigureAwait(false);
        if (response.Headers.TryGetValues("Docker-Content-Digest", out var values))
        {
            return values.First();
        }
        return response.Headers.ETag?.Tag.Trim('"');
    }

    /// <summary>The platforms of a tag or digest: from the image index, or for a single image from its config blob.</summary>
    public async Task<List<Platform>> PlatformsAsync(string repository, string reference, CancellationToken cancellationToken)
    {
        var token = await TokenAsync(repository, cancellationToken).ConfigureAwait(false);
        var url = ManifestUrl(repository, reference);
        var manifest = await _fetcher.GetAsync<RegistryManifest>(url, cancellationToken, new RequestHeaders(ManifestTypes, token)).ConfigureAwait(false);
        if (manifest.Manifests is { } children)
        {
            return children
                .Select(d => d.Platform is { } p
                    ? Platform.From(p.Os, p.Architecture, p.Variant, p.OsVersion, d.Annotations?.GetValueOrDefault("vnd.docker.reference.type"))
                    : null)
                .OfType<Platform>()
                .Distinct()
                .ToList();
        }
        if (manifest.Config?.Digest is { } configDigest)
        {
            var blobUrl = Urls.Combine(_options.RegistryBaseUrl, $"v2/{repository}/blobs/{configDigest}");
            var config = await _fetcher.GetAsync<RegistryImageConfig>(blobUrl, cancellationToken, new RequestHeaders(null, token)).ConfigureAwait(false);
            return Platform.From(config.Os, config.Architecture, config.Variant, config.OsVersion) is { } single ? [single] : [];
        }
        if (manifest.SchemaVersion == 1 && Platform.From("linux", manifest.Architecture, null, null) is { } legacy)
        {
            return [legacy];
        }
        throw new CrawlRequestException(CrawlErrorKind.InvalidData, url, $"manifest of media type '{manifest.MediaType}' has neither 'manifests' nor 'config'");
    }

    public Uri ManifestUrl(string repository, string reference) =>
        Urls.Combine(_options.RegistryBaseUrl, $"v2/{repository}/manifests/{Uri.EscapeDataString(reference)}");

    private async Task<string?> TokenAsync(string repository, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_tokens.TryGetValue(repository, out var cached) && cached.Expires > now)
        {
            return cached.Token;
        }
        var url = Urls.Combine(_options.AuthBaseUrl,
            $"token?service={Uri.EscapeDataString(_options.AuthService)}&scope={Uri.EscapeDataString($"repository:{repository}:pull")}");
        var response = await _fetcher.GetAsync<RegistryToken>(url, cancellationToken).ConfigureAwait(false);
        var token = response.Token ?? response.AccessToken
            ?? throw new CrawlRequestException(CrawlErrorKind.InvalidData, url, "token response has neither 'token' nor 'access_token'");
        // Renew a little early; the service promises at least 60 seconds.
        var lifetime = TimeSpan.FromSeconds(Math.Max(60, response.ExpiresIn ?? 60)) - TimeSpan.FromSeconds(15);
        _tokens[repository] = (token, now + lifetime);
        return token;
    }
}
