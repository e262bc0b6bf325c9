using System.Runtime.CompilerServices;
using System.Text.Json.Serialization.Metadata;
using Mao.Tools.Http;
using Microsoft.Extensions.Options;

namespace Mao.Tools.DockerHub;

/// <summary>Typed client of the Docker Hub API v2: repositories of a namespace and tags of a repository, all pages.</summary>
public sealed class HubApiClient(HttpClient http, IOptions<DockerHubOptions> options, IOptions<CrawlHttpOptions> httpOptions)
{
    private readonly JsonFetcher _fetcher = new(http, httpOptions.Value.MaxBodyBytes);
    private readonly DockerHubOptions _options = options.Value;

    public Uri RepositoriesUrl(string @namespace) =>
        Urls.Combine(_options.HubBaseUrl, $"v2/namespaces/{Uri.EscapeDataString(@namespace)}/repositories?page_size={_options.PageSize}");

    public Uri TagsUrl(string @namespace, string repository) =>
        Urls.Combine(_options.HubBaseUrl,
            $"v2/namespaces/{Uri.EscapeDataString(@namespace)}/repositories/{Uri.EscapeDataString(repository)}/tags?page_size={_options.PageSize}");

    /// <param name="through">
    /// When set, each page is read through it: it gets the page's 1-based position in the chain and the fetch of that page,
    /// and may hand back a page kept earlier instead (a checkpoint), whose next link is then followed.
    /// </param>
    public IAsyncEnumerable<HubPage<HubRepository>> RepositoryPagesAsync(string @namespace, ListingTally tally, CancellationToken cancellationToken,
        Func<int, Func<Task<HubPage<HubRepository>>>, Task<HubPage<HubRepository>>>? through = null) =>
        PagesAsync(RepositoriesUrl(@namespace), HubJsonContext.Default.HubPageHubRepository, tally, through, cancellationToken);

    public IAsyncEnumerable<HubPage<HubTag>> TagPagesAsync(string @namespace, string repository, ListingTally tally, CancellationToken cancellationToken) =>
        PagesAsync(TagsUrl(@namespace, repository), HubJsonContext.Default.HubPageHubTag, tally, through: null, cancellationToken);

    /// <summary>One tags page (1-based) on its own, for runs that fetch a repository page by page in short units.</summary>
    public async Task<HubPage<HubTag>> TagPageAsync(string @namespace, string repository, int page, int pageSize, CancellationToken cancellationToken)
    {
        var url = Urls.Combine(_options.HubBaseUrl,
            $"v2/namespaces/{Uri.EscapeDataString(@namespace)}/repositories/{Uri.EscapeDataString(repository)}/tags?page_size={pageSize}&page={page}");
        var result = await _fetcher.GetAsync(url, HubJsonContext.Default.HubPageHubTag, cancellationToken).ConfigureAwait(false);
        if (result.Results is not { } results)
        {
            throw new CrawlRequestException(CrawlErrorKind.InvalidData, url, "page has no 'results' array");
        }
        if (results.Count > pageSize * 10)
        {
            throw new CrawlRequestException(CrawlErrorKind.TooLarge, url, $"page holds {results.Count} results, far more than page_size {pageSize}");
        }
        return result;
    }

    /// <summary>A tally for one listing, capped by this client's page size.</summary>
    public ListingTally NewTally() => new(_options.PageSize, Math.Max(1, _options.MaxPagesWithoutCount));

    /// <summary>
    /// Follows <c>next</c> links on the same host until the last page; refuses loops, oversized pages and chains
    /// longer than the reported count allows (see <see cref="ListingTally"/>).
    /// </summary>
    private async IAsyncEnumerable<HubPage<T>> PagesAsync<T>(
        Uri first, JsonTypeInfo<HubPage<T>> typeInfo, ListingTally tally, Func<int, Func<Task<HubPage<T>>>, Task<HubPage<T>>>? through,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var visited = new HashSet<Uri>();
        for (Uri? url = first; url is not null;)
        {
            if (!visited.Add(url))
            {
                throw new CrawlRequestException(CrawlErrorKind.InvalidData, url, "next link returns to a page already read (a paging loop)");
            }
            var at = url;
            Task<HubPage<T>> Fetch() => _fetcher.GetAsync(at, typeInfo, cancellationToken);
            // Kept pages are checked and tallied like fetched ones, so the shortfall check holds whichever way a page came.
            var page = await (through is null ? Fetch() : through(visited.Count, Fetch)).ConfigureAwait(false);
            var results = page.Results
                ?? throw new CrawlRequestException(CrawlErrorKind.InvalidData, url, "page has no 'results' array");
            if (results.Count > _options.PageSize * 10)
            {
                throw new CrawlRequestException(CrawlErrorKind.TooLarge, url, $"page holds {results.Count} results, far more than page_size {_options.PageSize}");
            }
            tally.Add(url, page.Count, results.Count);
            yield return page;
            url = NextLink.Resolve(url, page.Next);
            if (url is not null)
            {
                tally.EnsureMayFollow(url);
            }
        }
    }
}
