using System.Globalization;
using Mao.Tools.Http;
using Microsoft.Extensions.Options;

namespace Mao.Tools.ArtifactHub;

/// <summary>Typed client of Artifact Hub's package search: one page by offset, with the total from Pagination-Total-Count.</summary>
public sealed class ArtifactHubClient(HttpClient http, IOptions<ArtifactHubOptions> options, IOptions<CrawlHttpOptions> httpOptions)
{
    private readonly JsonFetcher _fetcher = new(http, httpOptions.Value.MaxBodyBytes);
    private readonly ArtifactHubOptions _options = options.Value;

    public int PageSize => _options.PageSize;

    public Uri SearchUrl(int offset) =>
        Urls.Combine(_options.BaseUrl, $"api/v1/packages/search?kind={_options.Kind}&limit={_options.PageSize}&offset={offset}");

    public async Task<(List<AhPackage> Packages, int Total)> SearchAsync(int offset, CancellationToken cancellationToken)
    {
        var url = SearchUrl(offset);
        var fetched = await _fetcher.GetAsync(url, cancellationToken).ConfigureAwait(false);
        var page = JsonFetcher.Parse<AhSearchPage>(fetched);
        if (!fetched.Headers.TryGetValues("Pagination-Total-Count", out var values) ||
            !int.TryParse(values.First(), NumberStyles.None, CultureInfo.InvariantCulture, out var total))
        {
            throw new CrawlRequestException(CrawlErrorKind.InvalidData, url, "response lacks a numeric Pagination-Total-Count header");
        }
        var packages = page.Packages ?? [];
        if (packages.Count > _options.PageSize)
        {
            throw new CrawlRequestException(CrawlErrorKind.TooLarge, url, $"page holds {packages.Count} packages, more than the limit {_options.PageSize}");
        }
        return (packages, total);
    }
}
