using System.Diagnostics;
using Mao.Testing.Replay;
using Mao.Tools.Crawling;
using Mao.Tools.DockerHub;
using Mao.Tools.Http;
using Mao.Tools.Tests.Http;

namespace Mao.Tools.Tests.DockerHub;

/// <summary>
/// Listings are bounded by the count they report: an endless next chain is cut off, a short listing is reported,
/// and a repository whose later page fails keeps the pages it had (marked incomplete), on a first crawl too.
/// </summary>
public class DockerHubListingTests
{
    [Fact]
    public async Task EndlessNextChain_StoppedAtTheCountsPages_ReportedAndPagesKept()
    {
        using var timeout = TestCrawlers.Timeout();
        var world = SyntheticHub.Build("library", 2, 3);
        await using var bed = await HubTestBed.StartAsync(world);
        var repo = world.Find("library", "repo00001")!;
        // Every page claims 6 tags in all, holds 3 new ones and links yet another page, forever.
        bed.Server.Map("GET", HubPages.TagsPath(repo), request =>
        {
            var page = request.QueryInt("page", 1);
            var tags = Enumerable.Range(0, 3).Select(i => new HubTagModel($"p{page}-{i}") { Images = repo.Tags[0].Images }).ToList();
            return ReplayResponse.Json(HubPages.Tags(repo, tags, 6, bed.Server.Url($"{HubPages.TagsPath(repo)}?page_size=100&page={page + 1}").ToString()));
        });
        var watch = Stopwatch.StartNew();

        var result = await bed.CrawlAsync("endless", timeout.Token);

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        // 6 tags at 100 a page is one page, plus one page of slack for tags pushed while paging.
        Assert.Equal(2, bed.Requests("GET", HubPages.TagsPath(repo)));
        var error = Assert.Single(result.Report.Errors);
        Assert.Equal(CrawlErrorKind.PagingOverrun, error.Kind);
        Assert.Equal("library/repo00001", error.Unit);
        Assert.Contains("count of 6", error.Message);
        Assert.Equal(["library/repo00001"], result.Report.IncompleteUnits);
        Assert.Equal(CrawlStatus.Partial, result.Report.Status);
        Assert.Equal(6, result.Snapshot!.Records.Count(r => r.Key.StartsWith("library/repo00001:", StringComparison.Ordinal)));
        Assert.Equal(3, result.Snapshot.Records.Count(r => r.Key.StartsWith("library/repo00000:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task CountSaysSixPageHoldsThreeNoNext_ShortfallReported_PreviousFillsTheRest()
    {
        using var timeout = TestCrawlers.Timeout();
        var world = SyntheticHub.Build("library", 1, 6);
        await using var bed = await HubTestBed.StartAsync(world);
        var first = await bed.CrawlAsync("day1", timeout.Token);
        var repo = world.Find("library", "repo00000")!;
        repo.LastUpdated = repo.LastUpdated.AddDays(1);
        bed.Server.Map("GET", HubPages.TagsPath(repo), _ => ReplayResponse.Json(HubPages.Tags(repo, repo.Tags.Take(3), 6, null)));

        var second = await bed.CrawlAsync("day2", timeout.Token, previous: first.Snapshot);

        var error = Assert.Single(second.Report.Errors);
        Assert.Equal(CrawlErrorKind.ShortListing, error.Kind);
        Assert.Contains("reported 6 tags", error.Message);
        Assert.Contains("held 3", error.Message);
        Assert.Equal(["library/repo00000"], second.Report.IncompleteUnits);
        Assert.Equal(CrawlStatus.Partial, second.Report.Status);
        Assert.Equal(6, second.Snapshot!.Records.Count); // 3 fetched now, 3 from the previous snapshot
        Assert.Empty(await bed.Checkpoints.LoadAsync("day2", timeout.Token)); // incomplete: not checkpointed
    }

    [Fact]
    public async Task RepositoryListingShortOfItsCount_NamespaceReportedIncomplete()
    {
        using var timeout = TestCrawlers.Timeout();
        var world = SyntheticHub.Build("library", 3, 1);
        await using var bed = await HubTestBed.StartAsync(world);
        bed.Server.Map("GET", "/v2/namespaces/library/repositories", _ => ReplayResponse.Json(
            "{\"count\": 5, \"next\": null, \"results\": [" + string.Join(',', world.Namespaces["library"].Select(r =>
                $"{{\"name\": \"{r.Name}\", \"namespace\": \"library\", \"last_updated\": \"{r.LastUpdated.UtcDateTime:O}\"}}")) + "]}"));

        var result = await bed.CrawlAsync("short-namespace", timeout.Token);

        var error = Assert.Single(result.Report.Errors);
        Assert.Equal("namespace library", error.Unit);
        Assert.Equal(CrawlErrorKind.ShortListing, error.Kind);
        Assert.Contains("reported 5 repositories", error.Message);
        Assert.Equal(CrawlStatus.Partial, result.Report.Status);
        Assert.Equal(3, result.Snapshot!.Records.Count);
    }

    [Fact]
    public async Task SecondPageBreaksOnAFirstCrawl_FirstPageKept_ResumeFetchesTheRepositoryAgain()
    {
        using var timeout = TestCrawlers.Timeout();
        var world = SyntheticHub.Build("library", 2, 150);
        await using var bed = await HubTestBed.StartAsync(world);
        var repo = world.Find("library", "repo00001")!;
        var broken = true;
        bed.Server.Map("GET", HubPages.TagsPath(repo), request => request.QueryInt("page", 1) switch
        {
            1 => ReplayResponse.Json(HubPages.Tags(repo, repo.Tags.Take(100), 150, bed.Server.Url($"{HubPages.TagsPath(repo)}?page_size=100&page=2").ToString())),
            _ when broken => ReplayResponse.Json("{\"count\": 150, \"next\": null, \"results\": [ {\"name\": \"1.1"),
            _ => ReplayResponse.Json(HubPages.Tags(repo, repo.Tags.Skip(100), 150, null)),
        });

        var first = await bed.CrawlAsync("day1", timeout.Token);

        var error = Assert.Single(first.Report.Errors);
        Assert.Equal("library/repo00001", error.Unit);
        Assert.Equal(CrawlErrorKind.TruncatedBody, error.Kind);
        Assert.Contains("page=2", error.Url);
        Assert.Equal(["library/repo00001"], first.Report.IncompleteUnits);
        Assert.Equal(CrawlStatus.Partial, first.Report.Status);
        Assert.Equal(100, first.Snapshot!.Records.Count(r => r.Key.StartsWith("library/repo00001:", StringComparison.Ordinal)));
        Assert.Equal(150, first.Snapshot.Records.Count(r => r.Key.StartsWith("library/repo00000:", StringComparison.Ordinal)));

        broken = false;
        var resumed = await bed.CrawlAsync("day1", timeout.Token);

        Assert.Equal(CrawlStatus.Succeeded, resumed.Report.Status);
        Assert.Equal(1, resumed.Report.ResumedUnits); // repo00000 was complete and checkpointed
        Assert.Equal(1, resumed.Report.FetchedUnits); // repo00001 was not, so it was fetched whole
        Assert.Equal(300, resumed.Snapshot!.Records.Count);
    }

    [Fact]
    public async Task TagsPageCutMidBodyOnAFirstCrawl_Retried_NoRecordsLost()
    {
        using var timeout = TestCrawlers.Timeout();
        var world = SyntheticHub.Build("library", 3, 4);
        await using var bed = await HubTestBed.StartAsync(world);
        var repo = world.Find("library", "repo00001")!;
        var body = HubPages.Tags(repo, repo.Tags, repo.Tags.Count, null);
        var calls = 0;
        bed.Server.Map("GET", HubPages.TagsPath(repo), _ => Interlocked.Increment(ref calls) == 1
            ? ReplayResponse.Json(body) with { CutConnectionAfterBytes = body.Length / 2 }
            : ReplayResponse.Json(body));

        var result = await bed.CrawlAsync("cut", timeout.Token);

        Assert.Equal(CrawlStatus.Succeeded, result.Report.Status);
        Assert.Equal(2, calls);
        Assert.Equal(world.TagCount, result.Snapshot!.Records.Count);
    }

    [Fact]
    public async Task TagsPageStallsAfterHeaders_CrawlEndsWithinTheTimeouts_OtherRepositoriesKept()
    {
        using var timeout = TestCrawlers.Timeout();
        var world = SyntheticHub.Build("library", 3, 2);
        await using var bed = await HubTestBed.StartAsync(world, s =>
        {
            s["Mao:Http:AttemptTimeout"] = "00:00:00.500";
            s["Mao:Http:TotalTimeout"] = "00:00:03";
            s["Mao:Http:MaxRetries"] = "1";
        });
        var repo = world.Find("library", "repo00002")!;
        var body = HubPages.Tags(repo, repo.Tags, repo.Tags.Count, null);
        bed.Server.Map("GET", HubPages.TagsPath(repo), _ => ReplayResponse.Json(body) with { StallAfterBytes = 20 });
        var watch = Stopwatch.StartNew();

        var result = await bed.CrawlAsync("stall", timeout.Token);

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(8), $"a stalled body must not hang the crawl; took {watch.Elapsed}");
        var error = Assert.Single(result.Report.Errors);
        Assert.Equal(CrawlErrorKind.Timeout, error.Kind);
        Assert.Equal("library/repo00002", error.Unit);
        Assert.Equal(CrawlStatus.Partial, result.Report.Status);
        Assert.Equal(4, result.Snapshot!.Records.Count);
    }
}
