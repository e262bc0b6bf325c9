using Mao.Testing.Replay;
using Mao.Tools.Crawling;
using Mao.Tools.DockerHub;
using Mao.Tools.Http;
using Mao.Tools.Tests.Http;

namespace Mao.Tools.Tests.DockerHub;

/// <summary>
/// Manifests are content-addressed, so each digest is pulled once ever: tags sharing a digest cost one GET, and a
/// later crawl in a new process finds them in the manifest cache (HEADs, which are free, still tell the digest).
/// </summary>
public class DockerHubManifestCacheTests
{
    private static HubWorld ThreeTagsOneDigest(string document = "containers-image_manifest-list_schema2list.json")
    {
        var recorded = RecordedIndexes.Named(document);
        var world = new HubWorld();
        var repo = world.AddRepository("library", "busybox", DateTimeOffset.UnixEpoch);
        foreach (var name in new[] { "latest", "1", "1.36" })
        {
            var tag = new HubTagModel(name) { RegistryManifest = recorded.Bytes, RegistryMediaType = recorded.MediaType };
            foreach (var (digest, blob) in recorded.Blobs)
            {
                tag.Blobs[digest] = blob;
            }
            repo.Tags.Add(tag);
        }
        return world;
    }

    [Fact]
    public async Task ThreeTagsOneDigest_ThreeHeadsOneGet()
    {
        using var timeout = TestCrawlers.Timeout();
        var world = ThreeTagsOneDigest();
        await using var bed = await HubTestBed.StartAsync(world, s => s["Mao:DockerHub:RepositoryConcurrency"] = "1");

        var result = await bed.CrawlAsync("shared-digest", timeout.Token);

        Assert.Equal(CrawlStatus.Succeeded, result.Report.Status);
        Assert.Equal(3, bed.Requests("HEAD", "/manifests/"));
        Assert.Equal(1, bed.Requests("GET", "/manifests/"));
        Assert.Equal(3, result.Snapshot!.Records.Select(r => string.Join(",", TagRecords.Platforms(r))).Count(p => p.Contains("linux/s390x")));
        Assert.Equal(1, result.Report.Counters["registry.manifest_gets"]);
        Assert.Equal(2, result.Report.Counters["registry.manifest_cache_hits"]);
    }

    [Fact]
    public async Task NextCrawlInANewProcess_NoManifestOrConfigPulled_OnlyHeads()
    {
        using var timeout = TestCrawlers.Timeout();
        var world = SyntheticHub.Build("library", 4, 3, registryEvery: 1);
        await using var bed = await HubTestBed.StartAsync(world);
        var first = await bed.CrawlAsync("day1", timeout.Token);
        Assert.True(bed.Requests("GET", "/manifests/") > 0);
        await bed.RestartProcessAsync();
        bed.Server.ClearLog();

        // No previous snapshot to reuse platforms from: only the manifest cache can spare the pulls.
        var second = await bed.CrawlAsync("day2", timeout.Token);

        Assert.Equal(CrawlStatus.Succeeded, second.Report.Status);
        Assert.Equal(world.TagCount, bed.Requests("HEAD", "/manifests/"));
        Assert.Equal(0, bed.Requests("GET", "/manifests/"));
        Assert.Equal(0, bed.Requests("GET", "/blobs/"));
        Assert.Equal(first.Snapshot!.ContentId, second.Snapshot!.ContentId);
    }

    [Fact]
    public async Task RegistryServesContentNotMatchingTheDigest_Refused_NothingCached()
    {
        using var timeout = TestCrawlers.Timeout();
        var world = ThreeTagsOneDigest();
        await using var bed = await HubTestBed.StartAsync(world, s => s["Mao:DockerHub:RepositoryConcurrency"] = "1");
        var other = RecordedIndexes.Named("containers-image_oci-index_variants.json");
        var claimed = world.Find("library", "busybox")!.Tags[0].RegistryDigest!;
        bed.Server.Map("GET", p => p.Contains("/manifests/", StringComparison.Ordinal), _ =>
            new ReplayResponse(200, other.Bytes, other.MediaType).WithHeader("Docker-Content-Digest", claimed));

        var result = await bed.CrawlAsync("tampered", timeout.Token);

        Assert.Equal(3, result.Report.Errors.Count);
        Assert.All(result.Report.Errors, e =>
        {
            Assert.Equal(CrawlErrorKind.InvalidData, e.Kind);
            Assert.Contains($"not to {claimed}", e.Message);
        });
        Assert.All(result.Snapshot!.Records, r => Assert.Empty(TagRecords.Platforms(r)));
        Assert.False(Directory.Exists(bed.ManifestCacheDirectory) && Directory.EnumerateFiles(bed.ManifestCacheDirectory, "*", SearchOption.AllDirectories).Any());
    }
}
