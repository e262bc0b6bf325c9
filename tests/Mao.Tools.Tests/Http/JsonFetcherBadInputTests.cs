using System.Text;
using Mao.Testing.Replay;
using Mao.Tools.Http;
using Mao.Tools.Sar;
using Microsoft.Extensions.DependencyInjection;

namespace Mao.Tools.Tests.Http;

/// <summary>Every way a response can be bad, served over real HTTP, through the production client pipeline (SAR's typed client).</summary>
public sealed class JsonFetcherBadInputTests : IAsyncLifetime
{
    private ReplayServer _server = null!;
    private ServiceProvider _services = null!;
    private const string BrowsePath = "/Prod/applications/browse";

    public async Task InitializeAsync()
    {
        _server = await ReplayServer.StartAsync();
        _services = TestCrawlers.Create(_server, s => s["Mao:Http:MaxBodyBytes"] = "65536");
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _server.DisposeAsync();
    }

    private async Task<CrawlRequestException> FailsWith(CrawlErrorKind kind)
    {
        using var timeout = TestCrawlers.Timeout();
        var client = _services.GetRequiredService<SarClient>();
        var error = await Assert.ThrowsAsync<CrawlRequestException>(() => client.BrowseAsync(1, timeout.Token));
        Assert.True(kind == error.Kind, $"expected {kind}, got {error.Kind}: {error}");
        Assert.Contains(_server.BaseUrl.Authority, error.Message); // names the URL
        return error;
    }

    [Fact]
    public async Task HtmlErrorPageWithStatus200_IsNotJson()
    {
        _server.Map("GET", BrowsePath, _ => ReplayResponse.Html("<html><body>Service Unavailable</body></html>", 200));
        var error = await FailsWith(CrawlErrorKind.NotJson);
        Assert.Contains("text/html", error.Message);
    }

    [Fact]
    public async Task HtmlBodyLabelledJson_IsNotJson()
    {
        _server.Map("GET", BrowsePath, _ => ReplayResponse.Json("<!DOCTYPE html><html>login</html>"));
        await FailsWith(CrawlErrorKind.NotJson);
    }

    [Fact]
    public async Task MalformedJson_NamesLineAndByte()
    {
        _server.Map("GET", BrowsePath, _ => ReplayResponse.Json("{\"approximateResultCount\": 3,\n \"applications\": [ {\"name\": } ] }"));
        var error = await FailsWith(CrawlErrorKind.MalformedJson);
        Assert.Contains("line 2", error.Message);
    }

    [Fact]
    public async Task JsonCutOffMidway_IsTruncated()
    {
        _server.Map("GET", BrowsePath, _ => ReplayResponse.Json("{\"approximateResultCount\": 3, \"applications\": [ {\"name\": \"hello"));
        await FailsWith(CrawlErrorKind.TruncatedBody);
    }

    [Fact]
    public async Task ConnectionDroppedBeforeContentLength_IsTruncated()
    {
        var body = Encoding.UTF8.GetBytes("{\"approximateResultCount\": 0, \"applications\": []}" + new string(' ', 4000));
        _server.Map("GET", BrowsePath, _ => ReplayResponse.Json(body) with { CutConnectionAfterBytes = 20 });
        await FailsWith(CrawlErrorKind.TruncatedBody);
    }

    [Fact]
    public async Task BodyOverTheCap_IsTooLarge()
    {
        var huge = "{\"applications\":[" + string.Join(',', Enumerable.Repeat("{\"name\":\"x\"}", 20_000)) + "]}";
        _server.Map("GET", BrowsePath, _ => ReplayResponse.Json(huge));
        var error = await FailsWith(CrawlErrorKind.TooLarge);
        Assert.Contains("65536", error.Message);
    }

    [Theory]
    [InlineData(401, CrawlErrorKind.Unauthorized)]
    [InlineData(403, CrawlErrorKind.Forbidden)]
    [InlineData(404, CrawlErrorKind.NotFound)]
    [InlineData(400, CrawlErrorKind.UnexpectedStatus)]
    public async Task ClientErrors_AreNotRetried(int status, CrawlErrorKind kind)
    {
        _server.Map("GET", BrowsePath, _ => ReplayResponse.Json("{\"message\":\"no\",\"errorCode\":\"X\"}", status));
        var error = await FailsWith(kind);
        Assert.Equal(status, error.Status);
        Assert.Equal(1, _server.Count("GET", p => p == BrowsePath));
    }

    [Fact]
    public async Task PersistentServerError_RetriedThenReported()
    {
        _server.Map("GET", BrowsePath, _ => ReplayResponse.Html("<html>502 Bad Gateway</html>", 502));
        var error = await FailsWith(CrawlErrorKind.ServerError);
        Assert.Equal(502, error.Status);
        Assert.Equal(3, _server.Count("GET", p => p == BrowsePath)); // first attempt + MaxRetries (2)
    }

    [Fact]
    public async Task TransientServerError_RecoveredByRetry()
    {
        var calls = 0;
        _server.Map("GET", BrowsePath, _ => Interlocked.Increment(ref calls) < 3
            ? ReplayResponse.Json("{\"message\":\"busy\"}", 503)
            : ReplayResponse.Json("{\"approximateResultCount\": 0, \"applications\": []}"));
        using var timeout = TestCrawlers.Timeout();
        var page = await _services.GetRequiredService<SarClient>().BrowseAsync(1, timeout.Token);
        Assert.Empty(page.Applications!);
        Assert.Equal(3, calls);
    }

    [Fact]
    public async Task TooManyRequestsWithRetryAfter_WaitsThenSucceeds()
    {
        var calls = 0;
        _server.Map("GET", BrowsePath, _ => Interlocked.Increment(ref calls) == 1
            ? ReplayResponse.Json(File.ReadAllText(Mao.Testing.SharedData.Path("fixtures/dockerhub/docker-docs_hub-api_429_rate-limit-exceeded.json")), 429)
                .WithHeader("Retry-After", "1")
            : ReplayResponse.Json("{\"approximateResultCount\": 0, \"applications\": []}"));
        using var timeout = TestCrawlers.Timeout();
        var started = DateTimeOffset.UtcNow;
        await _services.GetRequiredService<SarClient>().BrowseAsync(1, timeout.Token);
        Assert.Equal(2, calls);
        Assert.True(DateTimeOffset.UtcNow - started >= TimeSpan.FromMilliseconds(900), "the retry must honour Retry-After: 1");
    }

    [Fact]
    public async Task RedirectLoop_Reported()
    {
        _server.Map("GET", BrowsePath, _ => ReplayResponse.Empty(302).WithHeader("Location", _server.Url("loop/a").ToString()));
        _server.Map("GET", "/loop/a", _ => ReplayResponse.Empty(302).WithHeader("Location", _server.Url("loop/b").ToString()));
        _server.Map("GET", "/loop/b", _ => ReplayResponse.Empty(302).WithHeader("Location", _server.Url("loop/a").ToString()));
        var error = await FailsWith(CrawlErrorKind.RedirectLoop);
        Assert.Equal(302, error.Status);
    }

    [Fact]
    public async Task SlowServer_TimesOutPerAttempt()
    {
        _server.Map("GET", BrowsePath, _ => ReplayResponse.Json("{\"applications\": []}") with { Delay = TimeSpan.FromSeconds(10) });
        await FailsWith(CrawlErrorKind.Timeout);
    }
}
