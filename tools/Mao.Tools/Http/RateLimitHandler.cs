namespace Mao.Tools.Http;

/// <summary>
/// Sits inside the resilience handler, so every attempt (first or retry) waits for a free slot and, when it counts
/// against the quota, for the host's limits; every response updates what we know of the host's quota.
/// </summary>
public sealed class RateLimitHandler(RateLimitGate gate) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var url = request.RequestUri ?? throw new InvalidOperationException("request has no URL");
        using var lease = await gate.EnterAsync(url, RequestHeaders.IsCounted(request), cancellationToken).ConfigureAwait(false);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            gate.Observe(url, response);
        }
        catch (RateLimitPauseException)
        {
            response.Dispose();
            throw;
        }
        return response;
    }
}
