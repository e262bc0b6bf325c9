using System.Collections.Concurrent;
using System.Text;
using Mao.Tools.Http;
using Microsoft.Extensions.Options;

namespace Mao.Tools.DockerHub;

/// <summary>A registry document and whether getting it cost a registry request.</summary>
public sealed record RegistryDocument(Uri Url, string Digest, byte[] Bytes, bool FromCache);

/// <summary>
/// Typed client of the registry (bearer tokens from the auth service, anonymous or with the configured account):
/// HEAD a tag for its digest (free), GET manifests (counted as pulls) and config blobs (free). Every document is
/// content-addressed, so it is fetched once ever: from the <see cref="IManifestCache"/> when it is there, else from
/// the registry, checked against its digest and kept. Tags sharing a digest, even at the same moment, cost one GET.
/// </summary>
public sealed class RegistryClient(
    HttpClient http, IOptions<DockerHubOptions> options, IOptions<CrawlHttpOptions> httpOptions, IManifestCache cache, TimeProvider clock)
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
    private readonly ConcurrentDictionary<string, Lazy<Task<RegistryDocument>>> _inFlight = new(StringComparer.Ordinal);

    /// <summary>The digest the registry reports for a tag, from a HEAD request (not counted as a pull); null when it sends none.</summary>
    public async Task<string?> HeadDigestAsync(string repository, string tag, CancellationToken cancellationToken)
    {
        var url = ManifestUrl(repository, tag);
        var headers = new RequestHeaders(ManifestTypes, await TokenAsync(repository, cancellationToken).ConfigureAwait(false), CountsAgainstQuota: false);
        using var response = await _fetcher.HeadAsync(url, cancellationToken, headers).ConfigureAwait(false);
        var digest = response.Headers.TryGetValues("Docker-Content-Digest", out var values) ? values.First() : response.Headers.ETag?.Tag.Trim('"');
        return ContentDigest.IsValid(digest) ? digest : null;
    }

    /// <summary>A manifest or index by digest: from the cache, else one GET (a counted pull), checked against the digest.</summary>
    public Task<RegistryDocument> ManifestAsync(string repository, string digest, CancellationToken cancellationToken) =>
        OnceAsync(digest, ManifestUrl(repository, digest), () => FetchAsync(repository, ManifestUrl(repository, digest), digest, counted: true, ManifestTypes, cancellationToken), cancellationToken);

    /// <summary>A manifest by tag, for a registry that gave no digest on HEAD: one GET; kept under the digest of its bytes.</summary>
    public async Task<RegistryDocument> ManifestByTagAsync(string repository, string tag, CancellationToken cancellationToken)
    {
        var url = ManifestUrl(repository, tag);
        var document = await FetchAsync(repository, url, expectedDigest: null, counted: true, ManifestTypes, cancellationToken).ConfigureAwait(false);
        await StoreAsync(document, cancellationToken).ConfigureAwait(false);
        return document;
    }

    /// <summary>An image config blob by digest: from the cache, else one GET (blobs do not count as pulls).</summary>
    public Task<RegistryDocument> BlobAsync(string repository, string digest, CancellationToken cancellationToken)
    {
        var url = Urls.Combine(_options.RegistryBaseUrl, $"v2/{repository}/blobs/{digest}");
        return OnceAsync(digest, url, () => FetchAsync(repository, url, digest, counted: false, null, cancellationToken), cancellationToken);
    }

    public Uri ManifestUrl(string repository, string reference) =>
        Urls.Combine(_options.RegistryBaseUrl, $"v2/{repository}/manifests/{Uri.EscapeDataString(reference)}");

    private async Task<RegistryDocument> OnceAsync(string digest, Uri url, Func<Task<RegistryDocument>> fetch, CancellationToken cancellationToken)
    {
        if (!ContentDigest.IsValid(digest))
        {
            throw new CrawlRequestException(CrawlErrorKind.InvalidData, url, $"'{digest}' is not a content digest");
        }
        if (await cache.GetAsync(digest, cancellationToken).ConfigureAwait(false) is { } cached)
        {
            return new RegistryDocument(url, digest, cached, FromCache: true);
        }
        var mine = new Lazy<Task<RegistryDocument>>(async () =>
        {
            var document = await fetch().ConfigureAwait(false);
            await StoreAsync(document, cancellationToken).ConfigureAwait(false);
            return document;
        });
        var shared = _inFlight.GetOrAdd(digest, mine);
        try
        {
            var document = await shared.Value.ConfigureAwait(false);
            return ReferenceEquals(shared, mine) ? document : document with { FromCache = true };
        }
        finally
        {
            if (ReferenceEquals(shared, mine))
            {
                _inFlight.TryRemove(new KeyValuePair<string, Lazy<Task<RegistryDocument>>>(digest, mine));
            }
        }
    }

    private async Task<RegistryDocument> FetchAsync(
        string repository, Uri url, string? expectedDigest, bool counted, IReadOnlyList<string>? accept, CancellationToken cancellationToken)
    {
        var token = await TokenAsync(repository, cancellationToken).ConfigureAwait(false);
        var fetched = await _fetcher.GetAsync(url, cancellationToken, new RequestHeaders(accept, token, counted)).ConfigureAwait(false);
        var algorithm = expectedDigest is null ? "sha256" : ContentDigest.Parse(expectedDigest).Algorithm;
        var actual = ContentDigest.Compute(algorithm, fetched.Body);
        var claimed = expectedDigest ?? (fetched.Headers.TryGetValues("Docker-Content-Digest", out var values) ? values.First() : null);
        if (claimed is not null && claimed != actual)
        {
            throw new CrawlRequestException(CrawlErrorKind.InvalidData, url,
                $"content of {fetched.Body.Length} bytes hashes to {actual}, not to {claimed}: refusing it");
        }
        return new RegistryDocument(url, actual, fetched.Body, FromCache: false);
    }

    private async Task StoreAsync(RegistryDocument document, CancellationToken cancellationToken)
    {
        try
        {
            await cache.PutAsync(document.Digest, document.Bytes, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A cache that cannot be written would quietly cost a pull per digest on every crawl: say so.
            throw new CrawlRequestException(CrawlErrorKind.InvalidData, document.Url, $"could not keep the manifest in the cache: {e.Message}", inner: e);
        }
    }

    private async Task<string?> TokenAsync(string repository, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_tokens.TryGetValue(repository, out var cached) && cached.Expires > now)
        {
            return cached.Token;
        }
        var url = Urls.Combine(_options.AuthBaseUrl,
            $"token?service={Uri.EscapeDataString(_options.AuthService)}&scope={Uri.EscapeDataString($"repository:{repository}:pull")}");
        // With an account the token carries its higher pull limit; the secret goes only into this header.
        var basic = _options.HasCredentials ? Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_options.Username}:{_options.AccessToken}")) : null;
        var response = await _fetcher.GetAsync<RegistryToken>(url, cancellationToken, new RequestHeaders(BasicCredentials: basic)).ConfigureAwait(false);
        var token = response.Token ?? response.AccessToken
            ?? throw new CrawlRequestException(CrawlErrorKind.InvalidData, url, "token response has neither 'token' nor 'access_token'");
        // Renew a little early; the service promises at least 60 seconds.
        var lifetime = TimeSpan.FromSeconds(Math.Max(60, response.ExpiresIn ?? 60)) - TimeSpan.FromSeconds(15);
        _tokens[repository] = (token, now + lifetime);
        return token;
    }
}
