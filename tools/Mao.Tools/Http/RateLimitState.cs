using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace Mao.Tools.Http;

/// <summary>
/// What one host told us about its limits, and how long to wait before the next request.
/// Understands Docker Hub's <c>X-RateLimit-Limit/Remaining/Reset</c> (reset as unix time),
/// the registry's <c>RateLimit-Limit: 100;w=21600</c> / <c>RateLimit-Remaining: 20;w=21600</c>,
/// the IETF draft's <c>RateLimit-Reset</c> (seconds), <c>Retry-After</c> (seconds or date) and
/// the Hub's older <c>X-Retry-After</c> (unix time). Pure: the caller passes the clock.
/// </summary>
public sealed class RateLimitState
{
    private readonly object _lock = new();
    private readonly double _slowDownBelowFraction;
    // Two kinds of block: an exhausted quota holds back only requests that count against it; a 429 or
    // Retry-After holds back everything.
    private DateTimeOffset _quotaBlockedUntil = DateTimeOffset.MinValue;
    private DateTimeOffset _blockedUntil = DateTimeOffset.MinValue;
    private DateTimeOffset _nextAllowed = DateTimeOffset.MinValue;

    public RateLimitState(double slowDownBelowFraction) => _slowDownBelowFraction = slowDownBelowFraction;

    public long? Limit { get; private set; }
    public long? Remaining { get; private set; }
    public DateTimeOffset? ResetAt { get; private set; }

    /// <summary>How long a request starting now must wait; reserves the slot so concurrent callers are spread out.</summary>
    public TimeSpan ReserveDelay(DateTimeOffset now, TimeSpan spacing)
    {
        lock (_lock)
        {
            var start = Max(Max(now, _quotaBlockedUntil), Max(_blockedUntil, _nextAllowed));
            // A block until the end of time (a hostile reset) must not overflow the clock.
            _nextAllowed = start > DateTimeOffset.MaxValue - spacing ? DateTimeOffset.MaxValue : start + spacing;
            return start - now;
        }
    }

    /// <summary>How long a request that does not count against the quota must wait: only an explicit Retry-After or 429 holds it.</summary>
    public TimeSpan FreeRequestDelay(DateTimeOffset now)
    {
        lock (_lock)
        {
            return _blockedUntil > now ? _blockedUntil - now : TimeSpan.Zero;
        }
    }

    /// <summary>The spacing between requests the current quota calls for (zero while there is plenty left).</summary>
    public TimeSpan Spacing(DateTimeOffset now)
    {
        lock (_lock)
        {
            if (Limit is not { } limit || Remaining is not { } remaining || ResetAt is not { } reset || reset <= now)
            {
                return TimeSpan.Zero;
            }
            if (remaining > limit * _slowDownBelowFraction)
            {
                return TimeSpan.Zero;
            }
            // Spread what is left over the rest of the window, keeping one request in reserve.
            return (reset - now) / (remaining + 1);
        }
    }

    public void Observe(HttpStatusCode status, HttpResponseHeaders headers, DateTimeOffset now)
    {
        lock (_lock)
        {
            var window = default(long?);
            if (First(headers, "X-RateLimit-Limit") is { } xLimit && ParseLeadingNumber(xLimit, out var l))
            {
                Limit = l;
            }
            else if (First(headers, "RateLimit-Limit") is { } limitText && ParseLeadingNumber(limitText, out l))
            {
                Limit = l;
                window = ParseWindow(limitText);
            }
            if (First(headers, "X-RateLimit-Remaining") is { } xRemaining && ParseLeadingNumber(xRemaining, out var r))
            {
                Remaining = r;
            }
            else if (First(headers, "RateLimit-Remaining") is { } remainingText && ParseLeadingNumber(remainingText, out r))
            {
                Remaining = r;
                window ??= ParseWindow(remainingText);
            }
            if (First(headers, "X-RateLimit-Reset") is { } xReset && ParseLeadingNumber(xReset, out var unix) && FromUnix(unix) is { } resetAt)
            {
                ResetAt = resetAt;
            }
            else if (First(headers, "RateLimit-Reset") is { } resetText && ParseLeadingNumber(resetText, out var seconds) && After(now, seconds) is { } resetIn)
            {
                ResetAt = resetIn;
            }
            else if (window is { } w && (ResetAt is null || ResetAt <= now))
            {
                // Registry quotas are a sliding window with no reset time: assume the worst case, a full window.
                ResetAt = After(now, w);
            }
            if (Remaining == 0 && ResetAt is { } until && until > now)
            {
                _quotaBlockedUntil = Max(_quotaBlockedUntil, until);
            }
            if (RetryAfter(headers, now) is { } retryAt)
            {
                _blockedUntil = Max(_blockedUntil, retryAt);
            }
            else if (status == HttpStatusCode.TooManyRequests && ResetAt is { } reset && reset > now)
            {
                // The registry answers 429 when the pulls run out; free requests (HEADs) still go through then.
                if (Remaining == 0)
                {
                    _quotaBlockedUntil = Max(_quotaBlockedUntil, reset);
                }
                else
                {
                    _blockedUntil = Max(_blockedUntil, reset);
                }
            }
        }
    }

    /// <summary>The instant before which no counted request should go out, from Retry-After or an exhausted quota.</summary>
    public DateTimeOffset BlockedUntil
    {
        get { lock (_lock) { return Max(_blockedUntil, _quotaBlockedUntil); } }
    }

    private static DateTimeOffset? RetryAfter(HttpResponseHeaders headers, DateTimeOffset now)
    {
        if (headers.RetryAfter is { } retryAfter)
        {
            if (retryAfter.Delta is { } delta)
            {
                return now + delta;
            }
            if (retryAfter.Date is { } date)
            {
                return date;
            }
        }
        if (First(headers, "X-Retry-After") is { } x && ParseLeadingNumber(x, out var unix))
        {
            return FromUnix(unix);
        }
        return null;
    }

    private static string? First(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static bool ParseLeadingNumber(string text, out long value)
    {
        var end = text.IndexOfAny([';', ',']);
        var head = (end < 0 ? text : text[..end]).Trim();
        return long.TryParse(head, NumberStyles.Integer, CultureInfo.InvariantCulture, out value) && value >= 0;
    }

    /// <summary>A unix time from the remote, or null past year 9999 (FromUnixTimeSeconds would throw).</summary>
    private static DateTimeOffset? FromUnix(long seconds) => seconds <= MaxUnixSeconds ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;

    /// <summary>Now plus seconds from the remote, or null when that lies past the end of the calendar.</summary>
    private static DateTimeOffset? After(DateTimeOffset now, long seconds) =>
        seconds < (DateTimeOffset.MaxValue - now).TotalSeconds ? now + TimeSpan.FromSeconds(seconds) : null;

    private static readonly long MaxUnixSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    private static long? ParseWindow(string text)
    {
        foreach (var part in text.Split(';', StringSplitOptions.TrimEntries))
        {
            if (part.StartsWith("w=", StringComparison.OrdinalIgnoreCase) &&
                long.TryParse(part.AsSpan(2), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds > 0)
            {
                return seconds;
            }
        }
        return null;
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
