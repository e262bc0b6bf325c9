namespace Mao.Tools.Http;

/// <summary>Pagination links come from the remote: follow them only to the host we started on.</summary>
public static class NextLink
{
    /// <summary>The absolute next URL, or null at the end; throws when the link leaves the origin of <paramref name="current"/>.</summary>
    public static Uri? Resolve(Uri current, string? next)
    {
        if (string.IsNullOrWhiteSpace(next))
        {
            return null;
        }
        if (!Uri.TryCreate(current, next, out var resolved))
        {
            throw new CrawlRequestException(CrawlErrorKind.InvalidData, current, $"next link '{next}' is not a URL");
        }
        if (!string.Equals(resolved.Scheme, current.Scheme, StringComparison.OrdinalIgnoreCase) ||
            !string.Equals(resolved.Authority, current.Authority, StringComparison.OrdinalIgnoreCase))
        {
            throw new CrawlRequestException(CrawlErrorKind.ForeignNextLink, current,
                $"next link points to another host ({resolved.GetLeftPart(UriPartial.Authority)}), refusing to follow it");
        }
        if (resolved == current)
        {
            throw new CrawlRequestException(CrawlErrorKind.InvalidData, current, "next link points to the same page (a paging loop)");
        }
        return resolved;
    }
}
