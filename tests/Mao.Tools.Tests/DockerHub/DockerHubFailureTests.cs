using Mao.Testing.Replay;
using Mao.Tools.Crawling;
using Mao.Tools.Http;
using Mao.Tools.Tests.Http;

namespace Mao.Tools.Tests.DockerHub;

/// <summary>Failed units keep their previous records; failed or empty crawls leave the previous snapshot standing.</summary>
public class DockerHubFailureTests
{
    [Fact]
    public async Task OneRepositoryBroken_RestCrawled_BrokenOneKeepsPreviousRecords()
    {
        using var timeout = TestCrawlers.Timeout();
        await using var bed = await HubTestBed.StartAsync(SyntheticHub.Build("library", 6, 3));
        var first = await bed.CrawlAsync("day1", timeout.Token);
        foreach (var repo in bed.World.Namespaces["library"])
        {
            repo.LastUpdated = repo.LastUpdated.AddDays(1); // everything changed: every repository is fetched again
        }
        bed.Server.Map("GET", "/v2/namespaces/library/repositories/repo00002/tags", _ => ReplayResponse.Json("{\"count\": 3, \"results\": [ {\"name\": \"lat"));

        var second = await bed.CrawlAsync("day2", timeout.Token, previous: first.Snapshot);

        Assert.Equal(CrawlStatus.Partial, second.Report.Status);
        var error = Assert.Single(second.Report.Errors);
        Assert.Equal("library/repo00002", error.Unit);
        Assert.Equal(CrawlErrorKind.TruncatedBody, error.Kind);
        Assert.Contains("/repo00002/tags", error.Url);
        Assert.Equal(first.Snapshot!.Records.Count, second.Snapshot!.Records.Count);
        Assert.Equal(first.Snapshot.Records.Where(r => r.Key.StartsWith("library/repo00002:")), second.Snapshot.Records.Where(r => r.Key.StartsWith("library/repo00002:")));
    }

    [Fact]
    public async Task NamespaceListingFails_CrawlFailed_PreviousSnapshotStands()
    {
        using var timeout = TestCrawlers.Timeout();
        await using var bed = await HubTestBed.StartAsync(SyntheticHub.Build("library", 3, 2));
        var first = await bed.CrawlAsync("day1", timeout.Token);
        bed.Server.Map("GET", "/v2/namespaces/library/repositories", _ => ReplayResponse.Html("<html><h1>503 Service Temporarily Unavailable</h1></html>", 503));

        var second = await bed.CrawlAsync("day2", timeout.Token, previous: first.Snapshot);

        Assert.Equal(CrawlStatus.Failed, second.Report.Status);
        Assert.False(second.IsNew);
        Assert.Same(first.Snapshot, second.Snapshot);
        Assert.Contains(second.Report.Errors, e => e.Kind == CrawlErrorKind.ServerError && e.Status == 503);
    }

    [Fact]
    public async Task NamespaceSuddenlyEmpty_CrawlFailed_DatasetDoesNotShrink()
    {
        using var timeout = TestCrawlers.Timeout();
        await using var bed = await HubTestBed.StartAsync(SyntheticHub.Build("library", 3, 2));
        var first = await bed.CrawlAsync("day1", timeout.Token);
        bed.World.Namespaces["library"].Clear();

        var second = await bed.CrawlAsync("day2", timeout.Token, previous: first.Snapshot);

        Assert.Equal(CrawlStatus.Failed, second.Report.Status);
        Assert.Equal(first.Snapshot!.ContentId, second.Snapshot!.ContentId);
        Assert.Contains("empty", second.Report.Summary);
    }

    [Fact]
    public async Task RegistryManifestMissing_TagKeptWithoutPlatforms_ErrorNamesTag()
    {
        using var timeout = TestCrawlers.Timeout();
        var world = SyntheticHub.Build("library", 1, 1, registryEvery: 1);
        await using var bed = await HubTestBed.StartAsync(world);
        bed.Server.Map("GET", p => p.Contains("/manifests/", StringComparison.Ordinal), _ => ReplayResponse.Json("{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\"}]}", 404));

        var result = await bed.CrawlAsync("missing-manifest", timeout.Token);

        var error = Assert.Single(result.Report.Errors);
        Assert.Equal("library/repo00000:latest", error.Unit);
        Assert.Equal(CrawlErrorKind.NotFound, error.Kind);
        Assert.Single(result.Snapshot!.Records);
    }
}
