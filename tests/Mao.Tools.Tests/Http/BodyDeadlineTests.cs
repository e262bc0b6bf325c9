using System.Diagnostics;
using System.Text;
using Mao.Testing.Replay;
using Mao.Tools.Http;
using Mao.Tools.Sar;
using Microsoft.Extensions.DependencyInjection;

namespace Mao.Tools.Tests.Http;

/// <summary>
/// The body is read inside the resilience pipeline: a body that stalls after its headers meets the attempt timeout,
/// and a connection cut mid-body is a network error that is retried, over real HTTP through the production clients.
/// </summary>
public sealed class BodyDeadlineTests : IAsyncLifetime
{
    private const string BrowsePath = "/Prod/applications/browse";
    private static readonly byte[] Page = Encoding.UTF8.GetBytes(
        "{\"approximateResultCount\": 1, \"applications\": [{\"id\": \"arn:aws:serverlessrepo:us-east-1:1:applications/x\", \"name\": \"x\"}]}" + new string(' ', 4000));

    private ReplayServer _server = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _server = await ReplayServer.StartAsync();
        _services = TestCrawlers.Create(_server, s =>
        {
            s["Mao:Http:AttemptTimeout"] = "00:00:00.500";
            s["Mao:Http:TotalTimeout"] = "00:00:03";
            s["Mao:Http:MaxRetries"] = "1";
        });
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task BodyStallsAfterHeaders_EachAttemptTimesOut_ReportedAsTimeout()
    {
        _server.Map("GET", BrowsePath, _ => ReplayResponse.Json(Page) with { StallAfterBytes = 30 });
        using var timeout = TestCrawlers.Timeout();
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<CrawlRequestException>(() => _services.GetRequiredService<SarClient>().BrowseAsync(1, timeout.Token));

        Assert.Equal(CrawlErrorKind.Timeout, error.Kind);
        Assert.Contains(BrowsePath, error.Message);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(4), $"a stalled body must hit the deadline, took {watch.Elapsed}");
        Assert.Equal(2, _server.Count("GET", p => p == BrowsePath)); // the stalled attempt was retried once
    }

    [Fact]
    public async Task BodyStallsOnce_RetryGetsTheWholePage()
    {
        var calls = 0;
        _server.Map("GET", BrowsePath, _ => Interlocked.Increment(ref calls) == 1
            ? ReplayResponse.Json(Page) with { StallAfterBytes = 30 }
            : ReplayResponse.Json(Page));
        using var timeout = TestCrawlers.Timeout();

        var page = await _services.GetRequiredService<SarClient>().BrowseAsync(1, timeout.Token);

        Assert.Equal("x", Assert.Single(page.Applications!).Name);
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task ConnectionCutMidBody_Retried_SecondAttemptSucceeds()
    {
        var calls = 0;
        _server.Map("GET", BrowsePath, _ => Interlocked.Increment(ref calls) == 1
            ? ReplayResponse.Json(Page) with { CutConnectionAfterBytes = 40 }
            : ReplayResponse.Json(Page));
        using var timeout = TestCrawlers.Timeout();

        var page = await _services.GetRequiredService<SarClient>().BrowseAsync(1, timeout.Token);

        Assert.Single(page.Applications!);
        Assert.Equal(2, calls);
    }
}
