using Mao.Tools.Http;

namespace Mao.Tools.DockerHub;

/// <summary>
/// What one paged listing reported and delivered. The Hub's <c>count</c> bounds how many pages may follow (a
/// <c>next</c> chain past it is refused), and a listing that ends short of it is reported, not taken as complete.
/// </summary>
public sealed class ListingTally(int pageSize, int maxPagesWithoutCount)
{
    // One page of slack: items pushed while we page shift the rest by up to a page.
    private const int SlackPages = 1;

    public Uri? First { get; private set; }
    public int Pages { get; private set; }
    public long Items { get; private set; }

    /// <summary>The largest count any page reported (it can grow while we page).</summary>
    public long? ReportedCount { get; private set; }

    /// <summary>Records one page.</summary>
    public void Add(Uri url, int? count, int items)
    {
        First ??= url;
        Pages++;
        Items += items;
        if (count is { } c && c >= 0)
        {
            ReportedCount = Math.Max(ReportedCount ?? 0, c);
        }
    }

    /// <summary>Throws when following <paramref name="next"/> would exceed the pages the reported count allows.</summary>
    public void EnsureMayFollow(Uri next)
    {
        if (Pages < MaxPages)
        {
            return;
        }
        var why = ReportedCount is { } reported
            ? $"a count of {reported} at {pageSize} per page allows {MaxPages} pages"
            : $"no count was reported and at most {MaxPages} pages are followed";
        throw new CrawlRequestException(CrawlErrorKind.PagingOverrun, next,
            $"the listing still links a next page after {Pages} pages ({Items} items): {why}; stopped following it");
    }

    public int MaxPages => ReportedCount is { } count
        ? (int)Math.Min(int.MaxValue, (count + pageSize - 1) / pageSize + SlackPages)
        : maxPagesWithoutCount;

    /// <summary>After the last page: an error when fewer items came than the count promised, else null.</summary>
    public CrawlRequestException? Shortfall(string what) =>
        ReportedCount is { } count && Items < count && First is { } first
            ? new CrawlRequestException(CrawlErrorKind.ShortListing, first,
                $"the listing reported {count} {what} but its {Pages} page(s) held {Items} and linked no further page")
            : null;
}
