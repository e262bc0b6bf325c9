using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Mao.Orchestrations.Api;
using Mao.Site.Tests.Support;
using Mao.Testing;

namespace Mao.Site.Tests.Federation;

/// <summary>
/// Storage going away: health names it and the API answers 503 with a message and Retry-After at once (it once said
/// 200 while every route took 5-6 s to fail with an empty 500); once storage is back, rounds run again.
/// Azurite here is a dedicated instance, stopped and started by the test; the shared one stays up for the others.
/// </summary>
[Collection(FederationCollection.Name)]
public sealed class DependencyOutageTests(EtcdFixture etcd)
{
    private static readonly TimeSpan Fast = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task AzuriteDown_HealthSaysStorageDownAndRoutesAnswer503Fast_ThenRecover()
    {
        using var timeout = TestSites.Timeout(180);
        var ct = timeout.Token;
        var azurite = new AzuriteFixture();
        await azurite.InitializeAsync();
        try
        {
            await using var federation = new TestFederation(azurite, etcd);
            var options = federation.Options("site-a");
            options.AnswerWindow = TimeSpan.Zero;
            var site = await federation.StartAsync(options, ct);
            await federation.KeepAsync("site-a", TestSnapshots.Make("site-a", ("nginx", 1, "amd64", [])), ct);
            using var http = federation.Http("site-a");
            var healthy = await GetAsync(http, "api/health", ct);
            Assert.Equal(HttpStatusCode.OK, healthy.Status);
            Assert.Equal("up", healthy.Body.GetProperty("storage").GetString());
            Assert.Equal("up", healthy.Body.GetProperty("etcd").GetString());

            await azurite.StopAsync();
            var stopped = Stopwatch.StartNew();
            (HttpStatusCode Status, JsonElement Body, string? RetryAfter) health;
            while ((health = await GetAsync(http, "api/health", ct)).Status == HttpStatusCode.OK && stopped.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(100, ct);
            }
            var noticed = stopped.Elapsed;
            var start = await TimedAsync(() => federation.StartRoundAsync("site-a", new StartRoundBody("bench", RoundId: "r2"), ct));
            var status = await TimedAsync(() => GetAsync(http, "api/rounds/bench/r1", ct));

            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.Status);
            Assert.True(noticed < TimeSpan.FromSeconds(3), $"health noticed the outage after {noticed.TotalSeconds:0.0} s");
            Assert.Equal("down", health.Body.GetProperty("storage").GetString());
            Assert.Equal("up", health.Body.GetProperty("etcd").GetString());
            Assert.Contains("storage is unreachable", health.Body.GetProperty("problem").GetString());
            Assert.NotNull(health.RetryAfter);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, start.Result.Status);
            Assert.Contains("storage is unreachable", start.Result.Body.GetProperty("error").GetString());
            Assert.True(start.Took < Fast, $"start answered after {start.Took.TotalSeconds:0.0} s");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, status.Result.Status);
            Assert.Contains("try again in", status.Result.Body.GetProperty("error").GetString());
            Assert.NotNull(status.Result.RetryAfter);
            Assert.True(status.Took < Fast, $"status answered after {status.Took.TotalSeconds:0.0} s");

            await azurite.StartAsync();
            while ((await GetAsync(http, "api/health", ct)).Status != HttpStatusCode.OK)
            {
                await Task.Delay(200, ct);
            }
            var started = await federation.StartRoundAsync("site-a", new StartRoundBody("bench", RoundId: "r1"), ct);
            Assert.Equal(HttpStatusCode.Accepted, started.Status);
            var result = await federation.WaitRoundAsync("site-a", "bench", "r1", ct);
            Assert.True(result.Published);
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(http, "api/rounds/bench/r1", ct)).Status);
            Assert.NotNull(site);
        }
        finally
        {
            await azurite.DisposeAsync();
        }
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body, string? RetryAfter)> GetAsync(HttpClient http, string path, CancellationToken ct)
    {
        using var response = await http.GetAsync(path, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone(), response.Headers.RetryAfter?.ToString());
    }

    private static async Task<(T Result, TimeSpan Took)> TimedAsync<T>(Func<Task<T>> call)
    {
        var watch = Stopwatch.StartNew();
        var result = await call();
        return (result, watch.Elapsed);
    }
}
