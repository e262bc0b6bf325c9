using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Mao.Tools.Http;

/// <summary>
/// One per process: per remote host, a cap on requests in flight and the host's <see cref="RateLimitState"/>,
/// so every typed client talking to the same host shares one budget.
/// </summary>
public sealed class RateLimitGate(IOptions<CrawlHttpOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Host> _hosts = new(StringComparer.OrdinalIgnoreCase);
    private long _waitedTicks;

    public TimeSpan TotalWaited => TimeSpan.FromTicks(Interlocked.Read(ref _waitedTicks));

    public RateLimitState StateOf(Uri url) => HostOf(url).State;

    /// <summary>
    /// Waits for a free slot and for the host's limits; the returned lease must be disposed after the response.
    /// A request that does not count against the quota (a registry HEAD) waits only for an explicit Retry-After.
    /// </summary>
    public async Task<IDisposable> EnterAsync(Uri url, bool counted, CancellationToken cancellationToken)
    {
        var host = HostOf(url);
        var now = clock.GetUtcNow();
        var delay = counted ? host.State.ReserveDelay(now, host.State.Spacing(now)) : host.State.FreeRequestDelay(now);
        if (delay > options.Value.MaxRateLimitWait)
        {
            throw new RateLimitPauseException(url, now + delay);
        }
        if (delay > TimeSpan.Zero)
        {
            Interlocked.Add(ref _waitedTicks, delay.Ticks);
            await Task.Delay(delay, clock, cancellationToken).ConfigureAwait(false);
        }
        await host.Slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Lease(host.Slots);
    }

    /// <summary>Records what the response says about the host's limits; throws when it asks for a longer wait than we sleep.</summary>
    public void Observe(Uri url, HttpResponseMessage response)
    {
        var state = HostOf(url).State;
        var now = clock.GetUtcNow();
        state.Observe(response.StatusCode, response.Headers, now);
        if ((int)response.StatusCode is 429 or 503 && state.BlockedUntil - now > options.Value.MaxRateLimitWait)
        {
            throw new RateLimitPauseException(url, state.BlockedUntil);
        }
    }

    private Host HostOf(Uri url) =>
        _hosts.GetOrAdd(url.Authority, _ => new Host(
            new SemaphoreSlim(Math.Max(1, options.Value.MaxConcurrency)),
            new RateLimitState(options.Value.SlowDownBelowFraction)));

    private sealed record Host(SemaphoreSlim Slots, RateLimitState State);

    private sealed class Lease(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                slots.Release();
            }
        }
    }
}
