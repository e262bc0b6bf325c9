using System.Diagnostics;
using System.Text.Json;
using Mao.Testing.Replay;
using Mao.Tools.Crawling;
using Mao.Tools.DockerHub;
using Mao.Tools.Tests.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Mao.Tools.Tests.DockerHub;

/// <summary>
/// The registry's pull limit, as the registry reports it (RateLimit-Limit/Remaining with a window): only requests
/// that count (manifest GETs) are paced; HEADs are not. An account's credentials get the account's token.
/// </summary>
public class DockerHubPullLimitTests
{
    private static void TwentyOfHundredLeft(HubWorld world)
    {
        world.RegistryHeaders["RateLimit-Limit"] = "100;w=21600";
        world.RegistryHeaders["RateLimit-Remaining"] = "20;w=21600";
    }

    [Fact]
    public async Task TwentyOfHundredLeft_HeadsGoOutAtOnce_WhenEveryDigestIsCached()
    {
        using var timeout = TestCrawlers.Timeout();
        var world = SyntheticHub.Build("library", 3, 4, registryEvery: 1);
        // Generous attempts: on a loaded machine a HEAD that timed out fell back to a GET, which the limit then paced.
        await using var bed = await HubTestBed.StartAsync(world, s => s["Mao:Http:AttemptTimeout"] = "00:00:15");
        await bed.CrawlAsync("day1", timeout.Token); // fills the manifest cache
        TwentyOfHundredLeft(world);
        await bed.RestartProcessAsync();
        bed.Server.ClearLog();
        var watch = Stopwatch.StartNew();

        var second = await bed.CrawlAsync("day2", timeout.Token);

        Assert.Equal(CrawlStatus.Succeeded, second.Report.Status);
        Assert.Equal(world.TagCount, bed.Requests("HEAD", "/manifests/"));
        Assert.Equal(0, bed.Requests("GET", "/manifests/"));
        // At 20 of 100 left a counted request waits 21600 s / 21, about 17 minutes; a HEAD waits for nothing.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"HEADs must not be paced; took {watch.Elapsed}");
    }

    [Fact]
    public async Task TwentyOfHundredLeft_NextPullPacedByTheReportedWindow_CrawlPauses()
    {
        using var timeout = TestCrawlers.Timeout();
        var world = SyntheticHub.Build("library", 1, 3, registryEvery: 1);
        TwentyOfHundredLeft(world);
        await using var bed = await HubTestBed.StartAsync(world, s => s["Mao:Http:MaxRateLimitWait"] = "00:00:05");
        var started = DateTimeOffset.UtcNow;

        var result = await bed.CrawlAsync("paced", timeout.Token);

        Assert.Equal(CrawlStatus.Paused, result.Report.Status);
        Assert.Equal(1, bed.Requests("GET", "/manifests/")); // the first pull learnt the quota; the second must wait
        var wait = result.Report.ResumeAfter!.Value - started;
        Assert.InRange(wait.TotalSeconds, 21600.0 / 21 - 30, 21600.0 / 21 + 30);
    }

    [Fact]
    public async Task AccountConfigured_TokenRequestedWithItsCredentials_SecretNeverInTheReport()
    {
        using var timeout = TestCrawlers.Timeout();
        const string secret = "dckr_pat_replay-0123456789";
        var world = SyntheticHub.Build("library", 2, 2, registryEvery: 1);
        world.Account = ("mao-site", secret);
        // The registry accepts only the account's token: anonymous pulls would fail.
        await using var bed = await HubTestBed.StartAsync(world, s =>
        {
            s["Mao:DockerHub:Username"] = "mao-site";
            s["Mao:DockerHub:AccessToken"] = secret;
        }, registryToken: DockerHubReplay.AccountToken);

        var result = await bed.CrawlAsync("account", timeout.Token);

        Assert.Equal(CrawlStatus.Succeeded, result.Report.Status);
        Assert.All(result.Snapshot!.Records, r => Assert.NotEmpty(TagRecords.Platforms(r)));
        Assert.All(bed.Server.Requests.Where(r => r.Path == "/token"), r => Assert.StartsWith("Basic ", r.Headers["Authorization"]));
        Assert.DoesNotContain(secret, JsonSerializer.Serialize(result.Report));
    }

    [Fact]
    public async Task WrongAccessToken_TokenServiceRefuses_ErrorNamesTheTokenUrlNotTheSecret()
    {
        using var timeout = TestCrawlers.Timeout();
        var world = SyntheticHub.Build("library", 1, 1, registryEvery: 1);
        world.Account = ("mao-site", "the-right-one");
        await using var bed = await HubTestBed.StartAsync(world, s =>
        {
            s["Mao:DockerHub:Username"] = "mao-site";
            s["Mao:DockerHub:AccessToken"] = "a-wrong-secret";
        }, registryToken: DockerHubReplay.AccountToken);

        var result = await bed.CrawlAsync("wrong-secret", timeout.Token);

        var error = Assert.Single(result.Report.Errors);
        Assert.Equal(Mao.Tools.Http.CrawlErrorKind.Unauthorized, error.Kind);
        Assert.Contains("/token", error.Url);
        Assert.DoesNotContain("a-wrong-secret", JsonSerializer.Serialize(result.Report));
    }

    [Fact]
    public async Task UsernameWithoutAccessToken_RefusedNamingBothSettings()
    {
        await using var server = await ReplayServer.StartAsync();
        await using var services = TestCrawlers.Create(server, s => s["Mao:DockerHub:Username"] = "mao-site");

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<DockerHubCrawler>());

        Assert.Contains("Username", error.Message);
        Assert.Contains("AccessToken", error.Message);
    }
}
