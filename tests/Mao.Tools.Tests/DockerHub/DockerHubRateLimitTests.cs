using System.Text.Json.Nodes;
using Mao.Testing;
using Mao.Testing.Replay;
using Mao.Tools.Crawling;
using Mao.Tools.Tests.Http;

namespace Mao.Tools.Tests.DockerHub;

public class DockerHubRateLimitTests
{
    [Fact]
    public async Task QuotaRunningLow_RequestsSpreadOverTheResetWindow()
    {
        using var timeout = TestCrawlers.Timeout();
        await using var bed = await HubTestBed.StartAsync(SyntheticHub.Build("library", 4, 1),
            s => s["Mao:DockerHub:RepositoryConcurrency"] = "1");
        var reset = DateTimeOffset.UtcNow.AddSeconds(3);
        bed.Server.Map("GET", "/v2/namespaces/library/repositories", _ =>
            ReplayResponse.Json(ListingBody(bed.World))
                .WithHeader("X-RateLimit-Limit", "10")
                .WithHeader("X-RateLimit-Remaining", "1")
                .WithHeader("X-RateLimit-Reset", reset.ToUnixTimeSeconds().ToString()));
        var started = DateTimeOffset.UtcNow;

        var result = await bed.CrawlAsync("slow", timeout.Token);

        Assert.Equal(CrawlStatus.Succeeded, result.Report.Status);
        // One request left: the next one waits about half of what remains of the window, (reset - now) / (1 + 1).
        Assert.True(DateTimeOffset.UtcNow - started >= TimeSpan.FromSeconds(0.8), "the crawl must slow down before the limit");
    }

    [Fact]
    public async Task ManyRepositoriesAtOnce_RequestsPerHostCapped()
    {
        using var timeout = TestCrawlers.Timeout();
        var world = SyntheticHub.Build("library", 12, 1);
        await using var bed = await HubTestBed.StartAsync(world, s =>
        {
            s["Mao:DockerHub:RepositoryConcurrency"] = "8";
            s["Mao:Http:MaxConcurrency"] = "2";
        });
        foreach (var repo in world.Namespaces["library"])
        {
            var body = TagsBody(world, repo.Name);
            bed.Server.Map("GET", $"/v2/namespaces/library/repositories/{repo.Name}/tags", _ => ReplayResponse.Json(body) with { Delay = TimeSpan.FromMilliseconds(150) });
        }

        var result = await bed.CrawlAsync("capped", timeout.Token);

        Assert.Equal(12, result.Snapshot!.Records.Count);
        Assert.InRange(bed.Server.MaxConcurrentRequests, 1, 2);
    }

    [Fact]
    public async Task LongRetryAfter_CrawlPauses_ResumesLaterWithoutLosingFinishedRepositories()
    {
        using var timeout = TestCrawlers.Timeout();
        var world = SyntheticHub.Build("library", 10, 2);
        await using var bed = await HubTestBed.StartAsync(world, s =>
        {
            s["Mao:DockerHub:RepositoryConcurrency"] = "1";
            s["Mao:Http:MaxRateLimitWait"] = "00:00:05";
        });
        var reference = await bed.CrawlAsync("reference", timeout.Token);
        foreach (var repo in world.Namespaces["library"])
        {
            repo.LastUpdated = repo.LastUpdated.AddDays(1); // a day later every repository changed
        }
        var recorded429 = File.ReadAllText(SharedData.Path("fixtures/dockerhub/docker-docs_hub-api_429_rate-limit-exceeded.json"));
        bed.Server.Map("GET", "/v2/namespaces/library/repositories/repo00006/tags", _ =>
            ReplayResponse.Json(recorded429, 429).WithHeader("Retry-After", "7200"));
        bed.Server.ClearLog();

        var paused = await bed.CrawlAsync("paused", timeout.Token, previous: reference.Snapshot);

        Assert.Equal(CrawlStatus.Paused, paused.Report.Status);
        Assert.Same(reference.Snapshot, paused.Snapshot);
        Assert.InRange(paused.Report.ResumeAfter!.Value, DateTimeOffset.UtcNow.AddMinutes(119), DateTimeOffset.UtcNow.AddMinutes(121));
        Assert.Equal(1, bed.Requests("GET", "/repo00006/tags")); // no hammering: the 429 was not retried
        var finished = (await bed.Checkpoints.LoadAsync("paused", timeout.Token)).Count;
        Assert.InRange(finished, 1, 9);

        // Two hours later, in a new process: the repository answers again.
        bed.Server.Map("GET", "/v2/namespaces/library/repositories/repo00006/tags", _ => ReplayResponse.Json(TagsBody(world, "repo00006")));
        await bed.RestartProcessAsync();
        var resumed = await bed.CrawlAsync("paused", timeout.Token, previous: reference.Snapshot);

        Assert.Equal(CrawlStatus.Succeeded, resumed.Report.Status);
        Assert.Equal(finished, resumed.Report.ResumedUnits);
        var uninterrupted = await bed.CrawlAsync("uninterrupted", timeout.Token);
        Assert.Equal(uninterrupted.Snapshot!.ContentId, resumed.Snapshot!.ContentId);
    }

    private static string ListingBody(HubWorld world)
    {
        var repos = world.Namespaces["library"];
        return new JsonObject
        {
            ["count"] = repos.Count,
            ["next"] = null,
            ["results"] = new JsonArray(repos.Select(r => (JsonNode)new JsonObject
            {
                ["name"] = r.Name,
                ["namespace"] = r.Namespace,
                ["last_updated"] = r.LastUpdated.UtcDateTime.ToString("O"),
            }).ToArray()),
        }.ToJsonString();
    }

    private static string TagsBody(HubWorld world, string repository)
    {
        var repo = world.Find("library", repository)!;
        return new JsonObject
        {
            ["count"] = repo.Tags.Count,
            ["next"] = null,
            ["results"] = new JsonArray(repo.Tags.Select(t => (JsonNode)DockerHubReplay.TagJson(repo, t)).ToArray()),
        }.ToJsonString();
    }
}
