using System.Text.Json.Nodes;
using Mao.Testing;
using Mao.Testing.Replay;
using Mao.Tools.DockerHub;
using Mao.Tools.Manifests;
using Mao.Tools.Tests.Http;

namespace Mao.Tools.Tests.DockerHub;

public class ArchitectureCountsTests
{
    [Fact]
    public void Schema_HasThePrototypeTimeSeriesColumns()
    {
        var header = File.ReadLines(SharedData.Path("data/dockerhub-arch-timeseries-2019-11-11_2020-06-17.csv")).First().Split(',');
        var schema = ToolManifests.DockerHubArch.Schema;
        Assert.Equal(header[0], schema.Index);
        Assert.Equal(header[1..], schema.Fields.Select(f => f.Name).Where(n => n != "multiarch_share"));
    }

    [Fact]
    public async Task Aggregate_CrawledWorld_CountsMatchTheServedPlatforms()
    {
        using var timeout = TestCrawlers.Timeout();
        var world = SyntheticHub.Build("library", 30, 3, registryEvery: 4);
        await using var bed = await HubTestBed.StartAsync(world);
        var tags = (await bed.CrawlAsync("counts", timeout.Token)).Snapshot!;

        var counts = ArchitectureCounts.Aggregate(tags, "site-a", tags.Header.ObservedAt);

        var row = Assert.Single(counts.Records);
        Assert.Equal("2020-02-16", row.Key);
        double Value(string column) => row.Values[ToolManifests.DockerHubArch.Schema.IndexOf(column)].Number;
        // Independently: count the platforms the replay server served, from its own documents.
        var served = world.Namespaces["library"].SelectMany(r => r.Tags).Select(ServedPlatforms).ToList();
        Assert.Equal(world.TagCount, Value("tag_count"));
        Assert.Equal(served.Sum(p => p.Count), Value("image_count"));
        Assert.Equal(served.Sum(p => p.Count(x => x.StartsWith("linux/arm64", StringComparison.Ordinal))), Value("arm64_images"));
        Assert.Equal(served.Sum(p => p.Count(x => x.StartsWith("linux/arm/", StringComparison.Ordinal) || x == "linux/arm")), Value("arm_images"));
        Assert.Equal(served.Sum(p => p.Count(x => x.StartsWith("windows/", StringComparison.Ordinal))), Value("windows_images"));
        Assert.Equal((double)served.Count(p => p.Count > 1) / served.Count, Value("multiarch_share"), 9);
        Assert.True(Value("linux_images") + Value("windows_images") <= Value("image_count"));
    }

    private static HashSet<string> ServedPlatforms(HubTagModel tag)
    {
        var entries = tag.Images is { Count: > 0 } images
            ? images.Select(i => (i!["os"]?.GetValue<string>(), i["architecture"]?.GetValue<string>(), i["variant"]?.GetValue<string>()))
            : (JsonNode.Parse(tag.RegistryManifest!)!["manifests"]?.AsArray() ?? [])
                .Select(m => (m!["platform"]!["os"]?.GetValue<string>(), m["platform"]!["architecture"]?.GetValue<string>(), m["platform"]!["variant"]?.GetValue<string>()));
        var platforms = entries
            .Where(e => e.Item1 != "unknown")
            .Select(e => $"{e.Item1}/{e.Item2}{(e.Item3 is { } v ? "/" + (v.StartsWith("armv") ? v[3..] : v) : "")}")
            .ToHashSet();
        return platforms.Count == 0 && tag.Blobs.Count > 0 ? ["linux/amd64"] : platforms;
    }
}
