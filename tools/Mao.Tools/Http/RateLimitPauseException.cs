namespace Mao.Tools.Http;

/// <summary>The host asked us to wait longer than we are willing to sleep: the crawl stops, keeps its checkpoint and resumes later.</summary>
public sealed class RateLimitPauseException(Uri url, DateTimeOffset resumeAfter)
    : Exception($"{url}: rate limit reached, the host asks to wait until {resumeAfter:O}; the crawl pauses and can resume from its checkpoint")
{
    public Uri Url { get; } = url;
    public DateTimeOffset ResumeAfter { get; } = resumeAfter;
}
