using Mao.Tools.Http;

namespace Mao.Tools.Crawling;

/// <summary>One error of a crawl: what unit (repository, page), which URL, what kind, what was wrong.</summary>
public sealed record CrawlError(string Unit, string? Url, CrawlErrorKind Kind, int? Status, string Message)
{
    public static CrawlError From(string unit, CrawlRequestException e) =>
        new(unit, e.Url.ToString(), e.Kind, e.Status, e.Problem);
}
