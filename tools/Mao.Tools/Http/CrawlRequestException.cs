namespace Mao.Tools.Http;

/// <summary>One failed request or unusable response, naming the URL, the HTTP status and what was wrong.</summary>
public sealed class CrawlRequestException : Exception
{
    public CrawlRequestException(CrawlErrorKind kind, Uri url, string problem, int? status = null, Exception? inner = null)
        : base($"{url}: {(status is null ? "" : $"HTTP {status}: ")}{problem}", inner)
    {
        Kind = kind;
        Url = url;
        Problem = problem;
        Status = status;
    }

    public CrawlErrorKind Kind { get; }
    public Uri Url { get; }
    public string Problem { get; }
    public int? Status { get; }
}
