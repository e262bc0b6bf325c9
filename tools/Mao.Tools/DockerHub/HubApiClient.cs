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

    public IAsyncEnumerable<HubPage<HubRepository>> RepositoryPagesAsync(string @namespace, CancellationToken cancellationToken) =>
        PagesAsync(RepositoriesUrl(@namespace), HubJsonContext.Default.HubPageHubRepository, cancellationToken);

    public IAsyncEnumerable<HubPage<HubTag>> TagPagesAsync(string @namespace, string repository, CancellationToken cancellationToken) =>
        PagesAsync(TagsUrl(@namespace, repository), HubJsonContext.Default.HubPageHubTag, cancellationToken);

    /// <summary>Follows <c>next</c> links on the same host until the last page; refuses loops and oversized pages.</summary>
    private async IAsyncEnumerable<HubPage<T>> PagesAsync<T>(Uri first, JsonTypeInfo<HubPage<T>> typeInfo, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var visited = new HashSet<Uri>();
        for (Uri? url = first; url is not null;)
        {
            if (!visited.Add(url))
            {
                throw new CrawlRequestException(CrawlErrorKind.InvalidData, url, "next link returns to a page already read (a paging loop)");
            }
            var page = await _fetcher.GetAsync(url, typeInfo, cancellationToken).ConfigureAwait(false);
            var results = page.Results
                ?? throw new CrawlRequestException(CrawlErrorKind.InvalidData, url, "page has no 'results' array");
            if (results.Count > _options.PageSize * 10)
            {
                throw new CrawlRequestException(CrawlErrorKind.TooLarge, url, $"page holds {results.Count} results, far more than page_size {_options.PageSize}");
            }
            yield return page;
            url = NextLink.Resolve(url, page.Next);
        }
    }
}
