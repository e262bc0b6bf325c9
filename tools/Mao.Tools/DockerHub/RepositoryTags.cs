using Mao.Core.Model;
using Mao.Tools.Crawling;
using Mao.Tools.Http;
using Microsoft.Extensions.Options;

namespace Mao.Tools.DockerHub;

/// <summary>A repository as the namespace listing gave it: its last_updated goes into every tag record.</summary>
public sealed record RepositoryRef(string Namespace, string Name, DateTimeOffset? LastUpdated)
{
    public string FullName => $"{Namespace}/{Name}";
}

/// <summary>One page of a repository's tags as records, and whether the Hub links a next page.</summary>
public sealed record TagPageRecords(IReadOnlyList<SnapshotRecord> Records, bool HasNext);

/// <summary>
/// The tags of one repository as dockerhub-tags records: platforms from the Hub's images[], else from the registry
/// (HEAD for the digest, documents from the manifest cache or one GET). Shared by the whole-namespace crawler and the
/// scheduled runner, which fetches one tag page per unit so each activity stays short.
/// </summary>
public sealed class RepositoryTags(HubApiClient hub, RegistryClient registry, IOptions<DockerHubOptions> options)
{
    private readonly DockerHubOptions _options = options.Value;
    private readonly PlatformResolver _platforms = new(registry);

    /// <summary>All pages; a failing page ends the listing with the tags read so far and the problem.</summary>
    public async Task<(List<SnapshotRecord> Records, CrawlRequestException? Problem)> FetchAsync(
        RepositoryRef repository, PreviousTags previous, CrawlRunReport report, CancellationToken cancellationToken)
    {
        var records = new List<SnapshotRecord>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var tally = hub.NewTally();
        try
        {
            await foreach (var page in hub.TagPagesAsync(repository.Namespace, repository.Name, tally, cancellationToken).ConfigureAwait(false))
            {
                report.Count("hub.tag_pages");
                await AddPageAsync(repository, page, seen, records, previous, report, cancellationToken).ConfigureAwait(false);
            }
            return (records, tally.Shortfall("tags"));
        }
        catch (CrawlRequestException e)
        {
            return (records, e);
        }
    }

    /// <summary>
    /// One page (1-based, <see cref="DockerHubOptions.UnitPageSize"/> tags) on its own. A failing page throws (the caller retries the unit); a next link past what the
    /// page's count allows is not followed, so a misbehaving listing cannot grow a run without end.
    /// </summary>
    public async Task<TagPageRecords> FetchPageAsync(RepositoryRef repository, int page, PreviousTags previous, CrawlRunReport report, CancellationToken cancellationToken)
    {
        var size = Math.Clamp(_options.UnitPageSize, 1, 100);
        var hubPage = await hub.TagPageAsync(repository.Namespace, repository.Name, page, size, cancellationToken).ConfigureAwait(false);
        report.Count("hub.tag_pages");
        var records = new List<SnapshotRecord>();
        await AddPageAsync(repository, hubPage, new HashSet<string>(StringComparer.Ordinal), records, previous, report, cancellationToken).ConfigureAwait(false);
        var maxPages = hubPage.Count is { } count ? (count + size - 1) / size + 1 : _options.MaxPagesWithoutCount;
        return new TagPageRecords(records, hubPage.Next is not null && page < maxPages);
    }

    private async Task AddPageAsync(RepositoryRef repository, HubPage<HubTag> page, HashSet<string> seen, List<SnapshotRecord> records,
        PreviousTags previous, CrawlRunReport report, CancellationToken cancellationToken)
    {
        foreach (var tag in page.Results!)
        {
            if (tag.Name is not { Length: > 0 } name || !seen.Add(name))
            {
                continue;
            }
            var platforms = TagRecords.PlatformsOf(tag);
            if (platforms.Count > 0 || !_options.UseRegistryFallback)
            {
                records.Add(TagRecords.Build(repository.FullName, repository.LastUpdated, tag, null, platforms,
                    platforms.Count > 0 ? TagRecords.FromHubImages : TagRecords.NoPlatforms));
                continue;
            }
            records.Add(await FromRegistryAsync(repository, tag, previous, report, cancellationToken).ConfigureAwait(false));
        }
    }

    /// <summary>
    /// The tags API listed no images: HEAD the tag (free) for its digest; reuse the previous platforms when the digest
    /// is unchanged, else read them from the digest's documents, which are fetched once ever (manifest cache).
    /// </summary>
    private async Task<SnapshotRecord> FromRegistryAsync(
        RepositoryRef repository, HubTag tag, PreviousTags previous, CrawlRunReport report, CancellationToken cancellationToken)
    {
        var key = TagRecords.Key(repository.FullName, tag.Name!);
        var before = previous.Get(key);
        string? digest = null;
        try
        {
            digest = await registry.HeadDigestAsync(repository.FullName, tag.Name!, cancellationToken).ConfigureAwait(false);
            report.Count("registry.manifest_heads");
            if (digest is not null && before is not null && TagRecords.Digest(before) == digest && TagRecords.Source(before) == TagRecords.FromRegistryIndex)
            {
                report.Count("registry.tags_unchanged_by_digest");
                var fresh = TagRecords.Build(repository.FullName, repository.LastUpdated, tag, digest, [], TagRecords.NoPlatforms);
                return TagRecords.WithPlatformsOf(fresh, before);
            }
            var resolved = await _platforms.ResolveAsync(repository.FullName, tag.Name!, digest, report, cancellationToken).ConfigureAwait(false);
            foreach (var problem in resolved.Problems)
            {
                report.AddError(CrawlError.From(key, problem));
            }
            return TagRecords.Build(repository.FullName, repository.LastUpdated, tag, resolved.Digest, resolved.Platforms, resolved.Source);
        }
        catch (CrawlRequestException e) when (e.Kind is not CrawlErrorKind.RateLimited)
        {
            // One tag's registry trouble does not sink its repository: keep the tag, with what we knew of it.
            report.AddError(CrawlError.From(key, e));
            var fresh = TagRecords.Build(repository.FullName, repository.LastUpdated, tag, digest, [], TagRecords.NoPlatforms);
            return before is null ? fresh : TagRecords.WithPlatformsOf(fresh, before);
        }
    }
}
