using System.Net;
using System.Text;
using System.Text.Json;
using Mao.Testing;
using Mao.Testing.Fuzz;
using Mao.Tools.Http;
using Xunit.Abstractions;

namespace Mao.Tools.Tests.Fuzz;

/// <summary>Rate-limit headers come from the remote: whatever they say, observing them must not throw, and delays stay sane.</summary>
[Trait("Category", "Fuzz")]
public sealed class RateLimitStateFuzz(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Observe_HostileHeaders_NeverThrowsAndDelaysStayFinite()
    {
        var report = new FuzzRunner("rate-limit-headers", output) { Tokens = [";w=", "ratelimit-reset: ", "x-ratelimit-reset: ", "retry-after: ", "\n"] }
            .Run(Seeds(), input =>
            {
                using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
                foreach (var line in Encoding.UTF8.GetString(input).Split('\n'))
                {
                    var colon = line.IndexOf(':', StringComparison.Ordinal);
                    if (colon > 0)
                    {
                        // As a handler sees them: HttpClient keeps what it cannot validate and parses on access.
                        response.Headers.TryAddWithoutValidation(line[..colon].Trim(), line[(colon + 1)..].Trim());
                    }
                }
                var state = new RateLimitState(0.1);
                state.Observe(response.StatusCode, response.Headers, Now);
                Assert.True(state.ReserveDelay(Now, TimeSpan.FromMilliseconds(100)) >= TimeSpan.Zero);
                Assert.True(state.FreeRequestDelay(Now) >= TimeSpan.Zero);
                _ = state.Spacing(Now);
                _ = state.BlockedUntil;
            });

        Assert.Equal(report.Inputs, report.Accepted);
    }

    /// <summary>The recorded Docker Hub observations' headers, one "name: value" a line per observation.</summary>
    private static IReadOnlyList<byte[]> Seeds()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(SharedData.Path("fixtures/registry/dockerhub_rate-limit_observations.json")));
        return document.RootElement.GetProperty("observations").EnumerateArray()
            .Where(o => o.TryGetProperty("headers", out var h) && h.ValueKind == JsonValueKind.Object)
            .Select(o => Encoding.UTF8.GetBytes(string.Concat(o.GetProperty("headers").EnumerateObject().Select(p => $"{p.Name}: {p.Value}\n"))))
            .Append("X-RateLimit-Limit: 100\nX-RateLimit-Remaining: 0\nX-RateLimit-Reset: 1795000000\nRetry-After: 120\n"u8.ToArray())
            .ToArray();
    }
}
