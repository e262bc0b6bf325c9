using Mao.Tools.Http;
using Microsoft.Extensions.Options;

namespace Mao.Tools.Sar;

/// <summary>Typed client of the SAR catalogue's browse endpoint: pages numbered from 1.</summary>
public sealed class SarClient(HttpClient http, IOptions<SarOptions> options, IOptions<CrawlHttpOptions> httpOptions)
{
    private readonly JsonFetcher _fetcher = new(http, httpOptions.Value.MaxBodyBytes);
    private readonly SarOptions _options = options.Value;

    public int PageSize => _options.PageSize;

    public Uri BrowseUrl(int pageNumber)
    {
        var query = $"applications/browse?pageSize={_options.PageSize}&pageNumber={pageNumber}";
        if (_options.IncludeAppsWithCapabilities.Count > 0)
        {
            query += "&includeAppsWithCapabilities=" + Uri.EscapeDataString(string.Join(',', _options.IncludeAppsWithCapabilities));
        }
        return Urls.Combine(_options.BaseUrl, query);
    }

    public async Task<SarBrowsePage> BrowseAsync(int pageNumber, CancellationToken cancellationToken)
    {
        var url = BrowseUrl(pageNumber);
        var page = await _fetcher.GetAsync<SarBrowsePage>(url, cancellationToken).ConfigureAwait(false);
        if (page.Applications is null)
        {
            throw new CrawlRequestException(CrawlErrorKind.InvalidData, url, "page has no 'applications' array");
        }
        if (page.Applications.Count > _options.PageSize)
        {
            throw new CrawlRequestException(CrawlErrorKind.TooLarge, url, $"page holds {page.Applications.Count} applications, more than pageSize {_options.PageSize}");
        }
        return page;
    }
}
