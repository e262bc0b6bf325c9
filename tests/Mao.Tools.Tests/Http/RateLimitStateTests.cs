using System.Net;
using System.Text.Json.Nodes;
using Mao.Testing;
using Mao.Tools.Http;

namespace Mao.Tools.Tests.Http;

public class RateLimitStateTests
{
    private static readonly DateTimeOffset Now = new(2025, 5, 12, 18, 16, 34, TimeSpan.Zero);

    private static HttpResponseMessage Response(HttpStatusCode status, params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(status);
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }
        return response;
    }

    [Fact]
    public void Observe_PlentyRemaining_NoSpacing()
    {
        var state = new RateLimitState(0.2);
        using var response = Response(HttpStatusCode.OK, ("X-RateLimit-Limit", "180"), ("X-RateLimit-Remaining", "150"),
            ("X-RateLimit-Reset", Now.AddMinutes(1).ToUnixTimeSeconds().ToString()));
        state.Observe(response.StatusCode, response.Headers, Now);
        Assert.Equal(TimeSpan.Zero, state.Spacing(Now));
    }

    [Fact]
    public void Observe_FewRemaining_SpreadsRestOverWindow()
    {
        var state = new RateLimitState(0.2);
        using var response = Response(HttpStatusCode.OK, ("X-RateLimit-Limit", "180"), ("X-RateLimit-Remaining", "9"),
            ("X-RateLimit-Reset", Now.AddSeconds(60).ToUnixTimeSeconds().ToString()));
        state.Observe(response.StatusCode, response.Headers, Now);
        Assert.Equal(TimeSpan.FromSeconds(6), state.Spacing(Now)); // 60 s / (9 + 1)
    }

    [Fact]
    public void Observe_RetryAfterSeconds_BlocksUntilThen()
    {
        var state = new RateLimitState(0.2);
        using var response = Response(HttpStatusCode.TooManyRequests, ("Retry-After", "30"));
        state.Observe(response.StatusCode, response.Headers, Now);
        Assert.Equal(Now.AddSeconds(30), state.BlockedUntil);
        Assert.Equal(TimeSpan.FromSeconds(30), state.ReserveDelay(Now, TimeSpan.Zero));
    }

    [Fact]
    public void Observe_OlderHubXRetryAfterUnixTime_BlocksUntilThen()
    {
        var state = new RateLimitState(0.2);
        using var response = Response(HttpStatusCode.TooManyRequests, ("X-Retry-After", Now.AddSeconds(45).ToUnixTimeSeconds().ToString()));
        state.Observe(response.StatusCode, response.Headers, Now);
        Assert.Equal(Now.AddSeconds(45), state.BlockedUntil);
    }

    [Fact]
    public void ReserveDelay_ConcurrentCallers_AreSpacedApart()
    {
        var state = new RateLimitState(0.2);
        var first = state.ReserveDelay(Now, TimeSpan.FromSeconds(2));
        var second = state.ReserveDelay(Now, TimeSpan.FromSeconds(2));
        Assert.Equal(TimeSpan.Zero, first);
        Assert.Equal(TimeSpan.FromSeconds(2), second);
    }

    /// <summary>The registry's headers as recorded (docs and user reports): "100;w=21600" and "0;w=21600".</summary>
    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(2, true)]
    public void Observe_RecordedRegistryHeaders_BlockOnlyWhenExhausted(int observation, bool blocked)
    {
        var file = JsonNode.Parse(File.ReadAllText(SharedData.Path("fixtures/registry/dockerhub_rate-limit_observations.json")))!;
        var recorded = file["observations"]![observation]!["headers"]!.AsObject();
        using var response = Response(HttpStatusCode.OK, recorded.Select(h => (h.Key, h.Value!.GetValue<string>())).ToArray());
        var state = new RateLimitState(0.2);
        state.Observe(response.StatusCode, response.Headers, Now);
        Assert.Equal(100, state.Limit);
        Assert.Equal(blocked, state.BlockedUntil > Now);
        if (blocked)
        {
            Assert.Equal(Now.AddSeconds(21600), state.BlockedUntil); // a sliding window: assume a full one
        }
    }

    [Fact]
    public void Observe_RecordedTwentyOfHundredLeft_SlowsDownBeforeTheLimit()
    {
        var state = new RateLimitState(0.2);
        using var response = Response(HttpStatusCode.OK, ("ratelimit-limit", "100;w=21600"), ("ratelimit-remaining", "20;w=21600"));
        state.Observe(response.StatusCode, response.Headers, Now);
        Assert.Equal(21600.0 / 21, state.Spacing(Now).TotalSeconds, 3);
    }

    [Fact]
    public void PullQuotaExhausted_CountedRequestsWaitForTheWindow_FreeOnesDoNot()
    {
        var state = new RateLimitState(0.2);
        using var response = Response(HttpStatusCode.TooManyRequests, ("RateLimit-Limit", "10;w=3600"), ("RateLimit-Remaining", "0;w=3600"));
        state.Observe(response.StatusCode, response.Headers, Now);

        Assert.Equal(TimeSpan.FromHours(1), state.ReserveDelay(Now, state.Spacing(Now)));
        Assert.Equal(TimeSpan.Zero, state.FreeRequestDelay(Now));
    }

    [Fact]
    public void RetryAfter_HoldsFreeRequestsToo()
    {
        var state = new RateLimitState(0.2);
        using var response = Response(HttpStatusCode.ServiceUnavailable, ("Retry-After", "30"));
        state.Observe(response.StatusCode, response.Headers, Now);

        Assert.Equal(TimeSpan.FromSeconds(30), state.FreeRequestDelay(Now));
        Assert.Equal(TimeSpan.FromSeconds(30), state.ReserveDelay(Now, TimeSpan.Zero));
    }
}
