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

    /// <summary>A listing went on past the pages its reported count allows (a <c>next</c> chain that never ends).</summary>
    PagingOverrun,

    /// <summary>A listing ended (no <c>next</c>) with fewer items than its reported count.</summary>
    ShortListing,
}
