namespace Mao.Tools.Http;

/// <summary>
/// Transport limits shared by every crawler (configuration section <c>Mao:Http</c>,
/// environment <c>MAO__HTTP__MAXCONCURRENCY</c> and so on).
/// </summary>
public sealed class CrawlHttpOptions
{
    public const string Section = "Mao:Http";

    /// <summary>Requests in flight at once per remote host.</summary>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>Time allowed for one attempt (headers and body).</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Time allowed for one request including its retries and waits.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Retries after the first attempt for 408, 429, 5xx, timeouts and network errors.</summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>First back-off delay when the server gave no Retry-After.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Largest body accepted; bigger pages are an error, not an out-of-memory.</summary>
    public long MaxBodyBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Redirects followed before the request counts as a redirect loop.</summary>
    public int MaxRedirects { get; set; } = 5;

    /// <summary>When the remaining quota falls below this share of the limit, requests are spread over the rest of the window.</summary>
    public double SlowDownBelowFraction { get; set; } = 0.2;

    /// <summary>A rate-limit wait longer than this pauses the crawl (checkpointed) instead of sleeping.</summary>
    public TimeSpan MaxRateLimitWait { get; set; } = TimeSpan.FromMinutes(10);

    public string UserAgent { get; set; } = "mao-observatory/1.0 (+https://github.com/serviceprototypinglab)";
}
