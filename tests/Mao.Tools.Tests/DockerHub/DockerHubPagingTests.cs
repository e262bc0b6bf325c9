using Mao.Testing.Replay;
using Mao.Tools.Crawling;
using Mao.Tools.DockerHub;
using Mao.Tools.Tests.Http;

namespace Mao.Tools.Tests.DockerHub;

public class DockerHubPagingTests
{
    [Fact]
    public async Task ManyRepositoriesAndTags_EveryPageFollowed_EveryTagRecorded()
    {
        using var timeout = TestCrawlers.Timeout();
        var world = SyntheticHub.Build("library", repositories: 230, tagsPerRepository: 2);
        world.Find("library", "repo00007")!.Tags.AddRange(Enumerable.Range(0, 250).Select(i => new HubTagModel($"extra-{i}")
        {
            Images = RecordedIndexes.AsHubImages(RecordedIndexes.Named("containers-image_manifest-list_schema2list.json"), DateTimeOffset.UnixEpoch),
        }));
        await using var bed = await HubTestBed.StartAsync(world);

        var result = await bed.CrawlAsync("paging", timeout.Token);

        Assert.Equal(CrawlStatus.Succeeded, result.Report.Status);
        Assert.Equal(world.TagCount, result.Snapshot!.Records.Count);
        var keys = result.Snapshot.Records.Select(r => r.Key).ToHashSet();
        Assert.All(world.Namespaces["library"], repo => Assert.All(repo.Tags, tag => Assert.Contains(TagRecords.Key(repo.FullName, tag.Name), keys)));
        Assert.Equal(3, bed.Server.Count("GET", p => p.EndsWith("/repositories", StringComparison.Ordinal))); // 230 repos: 3 pages of 100
        Assert.Equal(229 + 3, bed.Requests("GET", "/tags")); // one page each, 252 tags: 3 pages
        Assert.All(bed.Server.Requests.Where(r => r.Path.EndsWith("/tags")), r => Assert.Equal("100", r.QueryValue("page_size")));
    }

    [Fact]
    public async Task TwoNamespacesConfigured_BothCrawled()
    {
        using var timeout = TestCrawlers.Timeout();
        var world = SyntheticHub.Build("library", 3, 2);
        var bitnami = SyntheticHub.Build("bitnami", 2, 3).Namespaces["bitnami"];
        world.Namespaces["bitnami"] = bitnami;
        await using var bed = await HubTestBed.StartAsync(world);

        var result = await bed.CrawlAsync("two-namespaces", timeout.Token);

        Assert.Equal(3 * 2 + 2 * 3, result.Snapshot!.Records.Count);
        Assert.Equal(6, result.Snapshot.Records.Count(r => r.Key.StartsWith("bitnami/", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task RecordedRepositoriesPage_NextLinkToRealHub_RefusedAndReported()
    {
        using var timeout = TestCrawlers.Timeout();
        var world = new HubWorld();
        world.AddRepository("docker", "highland_builder", DateTimeOffset.UnixEpoch).Tags.Add(new HubTagModel("latest")
        {
            Images = RecordedIndexes.AsHubImages(RecordedIndexes.Named("containers-image_manifest-list_schema2list.json"), DateTimeOffset.UnixEpoch),
        });
        await using var bed = await HubTestBed.StartAsync(world);
        // The recorded page verbatim: its next link points at https://hub.docker.com, not at the server we crawl.
        var recorded = File.ReadAllText(Mao.Testing.SharedData.Path("fixtures/dockerhub/docker-docs_namespace-repositories_list_page1.json"));
        bed.Server.Map("GET", "/v2/namespaces/docker/repositories", _ => ReplayResponse.Json(recorded));

        var result = await bed.CrawlAsync("foreign-next", timeout.Token);

        var error = Assert.Single(result.Report.Errors, e => e.Kind == Mao.Tools.Http.CrawlErrorKind.ForeignNextLink);
        Assert.Equal("namespace docker", error.Unit);
        Assert.Equal(CrawlStatus.Partial, result.Report.Status);
        Assert.Contains(result.Snapshot!.Records, r => r.Key == "docker/highland_builder:latest");
        // whalesay is listed on the recorded page but has no tags here: a 404, reported, not fatal.
        Assert.Contains(result.Report.Errors, e => e.Unit == "docker/whalesay" && e.Kind == Mao.Tools.Http.CrawlErrorKind.NotFound);
    }
}
