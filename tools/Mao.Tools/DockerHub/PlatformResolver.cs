using Mao.Tools.Crawling;
using Mao.Tools.Http;

namespace Mao.Tools.DockerHub;

/// <summary>The platforms of one tag as read from the registry, and how sure we are of them.</summary>
public sealed record ResolvedPlatforms(string Digest, List<Platform> Platforms, string Source, IReadOnlyList<CrawlRequestException> Problems);

/// <summary>
/// Reads a tag's platforms from the registry documents behind its digest: an image index's entries carry a
/// <c>platform</c>, or, when an entry has none, its child manifest's config blob says it; a single image manifest's
/// config blob; schema 1's <c>architecture</c>. A child that cannot be read leaves the tag marked
/// <see cref="TagRecords.UnknownPlatforms"/> rather than silently short of an image.
/// </summary>
public sealed class PlatformResolver(RegistryClient registry)
{
    public async Task<ResolvedPlatforms> ResolveAsync(string repository, string tag, string? digest, CrawlRunReport report, CancellationToken cancellationToken)
    {
        var document = digest is null
            ? await registry.ManifestByTagAsync(repository, tag, cancellationToken).ConfigureAwait(false)
            : await registry.ManifestAsync(repository, digest, cancellationToken).ConfigureAwait(false);
        CountManifest(report, document);
        var manifest = JsonFetcher.Parse<RegistryManifest>(document.Url, document.Bytes);
        var problems = new List<CrawlRequestException>();
        var platforms = new List<Platform>();
        if (manifest.Manifests is { } children)
        {
            foreach (var child in children)
            {
                var referenceType = child.Annotations?.GetValueOrDefault("vnd.docker.reference.type");
                if (child.Platform is { } p)
                {
                    platforms.AddIfImage(Platform.From(p.Os, p.Architecture, p.Variant, p.OsVersion, referenceType));
                }
                else if (referenceType != "attestation-manifest")
                {
                    try
                    {
                        platforms.AddIfImage(await ChildPlatformAsync(repository, child, document.Url, report, cancellationToken).ConfigureAwait(false));
                    }
                    catch (CrawlRequestException e) when (e.Kind is not CrawlErrorKind.RateLimited)
                    {
                        problems.Add(e);
                    }
                }
            }
        }
        else
        {
            platforms.AddIfImage(await ImagePlatformAsync(repository, manifest, document.Url, report, cancellationToken).ConfigureAwait(false));
        }
        var source = problems.Count == 0 ? TagRecords.FromRegistryIndex : TagRecords.UnknownPlatforms;
        return new ResolvedPlatforms(document.Digest, [.. platforms.Distinct()], source, problems);
    }

    /// <summary>An index entry without a platform: its own manifest (by digest, once ever) and that manifest's config.</summary>
    private async Task<Platform?> ChildPlatformAsync(string repository, RegistryDescriptor child, Uri index, CrawlRunReport report, CancellationToken cancellationToken)
    {
        if (child.Digest is not { } digest)
        {
            throw new CrawlRequestException(CrawlErrorKind.InvalidData, index, "an index entry has neither a platform nor a digest");
        }
        var document = await registry.ManifestAsync(repository, digest, cancellationToken).ConfigureAwait(false);
        CountManifest(report, document);
        report.Count("registry.index_children_resolved");
        var manifest = JsonFetcher.Parse<RegistryManifest>(document.Url, document.Bytes);
        if (manifest.Manifests is not null)
        {
            throw new CrawlRequestException(CrawlErrorKind.InvalidData, document.Url, "an index entry without a platform is itself an index; its platform is unknown");
        }
        return await ImagePlatformAsync(repository, manifest, document.Url, report, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Platform?> ImagePlatformAsync(string repository, RegistryManifest manifest, Uri url, CrawlRunReport report, CancellationToken cancellationToken)
    {
        if (manifest.Config?.Digest is { } configDigest)
        {
            var blob = await registry.BlobAsync(repository, configDigest, cancellationToken).ConfigureAwait(false);
            report.Count(blob.FromCache ? "registry.config_cache_hits" : "registry.config_gets");
            var config = JsonFetcher.Parse<RegistryImageConfig>(blob.Url, blob.Bytes);
            return Platform.From(config.Os, config.Architecture, config.Variant, config.OsVersion);
        }
        if (manifest.SchemaVersion == 1)
        {
            return Platform.From("linux", manifest.Architecture, null, null);
        }
        throw new CrawlRequestException(CrawlErrorKind.InvalidData, url, $"manifest of media type '{manifest.MediaType}' has neither 'manifests' nor 'config'");
    }

    private static void CountManifest(CrawlRunReport report, RegistryDocument document) =>
        report.Count(document.FromCache ? "registry.manifest_cache_hits" : "registry.manifest_gets");
}

internal static class PlatformListExtensions
{
    /// <summary>Attestations and unknown/unknown entries are not images: <see cref="Platform.From"/> gives null for them.</summary>
    public static void AddIfImage(this List<Platform> platforms, Platform? platform)
    {
        if (platform is not null)
        {
            platforms.Add(platform);
        }
    }
}
