namespace Mao.Tools.Http;

/// <summary>Why one request of a crawl failed; each becomes an error record in the run report.</summary>
public enum CrawlErrorKind
{
    Unauthorized,
    Forbidden,
    NotFound,
    RateLimited,
    ServerError,
    UnexpectedStatus,
    RedirectLoop,
    NotJson,
    TooLarge,
    MalformedJson,
    TruncatedBody,
    ForeignNextLink,
    Timeout,
    Network,
    InvalidData,
}
