using System.Text;
using Mao.Testing.Replay;
using Mao.Tools.Crawling;
using Mao.Tools.Tests.Http;

namespace Mao.Tools.Tests.DockerHub;

/// <summary>Only what changed is fetched again: repositories by last_updated, registry tags by the digest a HEAD returns.</summary>
public class DockerHubIncrementalTests
{
    [Fact]
    public async Task NothingChanged_NoTagPagesFetched_SameRecords()
    {
        using var timeout = TestCrawlers.Timeout();
        await using var bed = await HubTestBed.StartAsync(SyntheticHub.Build("library", 12, 4, registryEvery: 3));
        var first = await bed.CrawlAsync("day1", timeout.Token);
        bed.Server.ClearLog();

        var second = await bed.CrawlAsync("day2", timeout.Token, previous: first.Snapshot);

        Assert.Equal(0, bed.Requests("GET", "/tags"));
        Assert.Equal(0, bed.Requests("HEAD", "/manifests/") + bed.Requests("GET", "/manifests/"));
        Assert.Equal(12, second.Report.UnchangedUnits);
        Assert.Equal(first.Snapshot!.Records, second.Snapshot!.Records);
    }

    [Fact]
    public async Task OneIndexChanged_HeadForEveryRegistryTag_GetOnlyForTheChangedOne()
    {
        using var timeout = TestCrawlers.Timeout();
        var world = SyntheticHub.Build("library", 5, 4, registryEvery: 2);
        await using var bed = await HubTestBed.StartAsync(world);
        var first = await bed.CrawlAsync("day1", timeout.Token);
        var registryTags = world.Namespaces["library"].SelectMany(r => r.Tags).Where(t => t.RegistryManifest is not null).ToList();
        Assert.True(registryTags.Count >= 5);
        foreach (var repo in world.Namespaces["library"])
        {
            repo.LastUpdated = repo.LastUpdated.AddDays(1);
        }
        var changed = registryTags[3];
        var replacement = RecordedIndexes.Named("regclient_testrepo_v3_oci-index_arm-v6-v7.json");
        changed.RegistryManifest = replacement.Bytes.Concat(Encoding.UTF8.GetBytes("\n")).ToArray(); // a new digest
        changed.RegistryMediaType = replacement.MediaType;
        bed.Server.ClearLog();

        var second = await bed.CrawlAsync("day2", timeout.Token, previous: first.Snapshot);

        Assert.Equal(CrawlStatus.Succeeded, second.Report.Status);
        Assert.Equal(registryTags.Count, bed.Requests("HEAD", "/manifests/"));
        Assert.Equal(1, bed.Requests("GET", "/manifests/"));
        Assert.Equal(registryTags.Count - 1, second.Report.Counters["registry.tags_unchanged_by_digest"]);
        var record = second.Snapshot!.Records.Single(r => r.Key.EndsWith(":" + changed.Name) && r.Values[2].Text == changed.RegistryDigest);
        Assert.Contains("linux/arm/v6", record.Values[3].Set);
    }
}
