using System.Text;
using System.Text.Json.Nodes;
using Mao.Testing.Replay;
using Mao.Tools.Crawling;
using Mao.Tools.DockerHub;
using Mao.Tools.Http;
using Mao.Tools.Tests.Http;

namespace Mao.Tools.Tests.DockerHub;

/// <summary>
/// An image index whose entries carry no <c>platform</c>: each child's platform comes from its own manifest's config
/// blob, or the tag is marked as having unknown platforms, never recorded as a tag with no images.
/// </summary>
public class DockerHubIndexChildrenTests
{
    /// <summary>
    /// Children built around the recorded ubuntu:17.10 manifest (its config digest rewritten to a built config): an
    /// amd64 one and an arm64/v8 one; the index lists them by digest and media type only, without platforms.
    /// </summary>
    private static (byte[] Index, Dictionary<string, (byte[], string)> Children, Dictionary<string, byte[]> Configs) Built(int children = 2)
    {
        var recorded = RecordedIndexes.Named("ubuntu-17.10-manifest_recorded_config-blob-built");
        var template = Encoding.UTF8.GetString(recorded.Bytes);
        var recordedConfigDigest = JsonNode.Parse(template)!["config"]!["digest"]!.GetValue<string>();
        var manifests = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        var configs = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var entries = new JsonArray();
        foreach (var (arch, variant) in new[] { ("amd64", (string?)null), ("arm64", "v8") }.Take(children))
        {
            var config = Encoding.UTF8.GetBytes($"{{\"architecture\":\"{arch}\",{(variant is null ? "" : $"\"variant\":\"{variant}\",")}\"os\":\"linux\",\"rootfs\":{{\"type\":\"layers\",\"diff_ids\":[]}}}}");
            var configDigest = RecordedIndexes.Digest(config);
            configs[configDigest] = config;
            var manifest = Encoding.UTF8.GetBytes(template.Replace(recordedConfigDigest, configDigest, StringComparison.Ordinal));
            var digest = RecordedIndexes.Digest(manifest);
            manifests[digest] = (manifest, recorded.MediaType);
            entries.Add(new JsonObject { ["mediaType"] = recorded.MediaType, ["digest"] = digest, ["size"] = manifest.Length });
        }
        var index = new JsonObject { ["schemaVersion"] = 2, ["mediaType"] = "application/vnd.oci.image.index.v1+json", ["manifests"] = entries };
        return (Encoding.UTF8.GetBytes(index.ToJsonString()), manifests, configs);
    }

    private static HubWorld WorldWith(byte[] index, Dictionary<string, (byte[], string)> children, Dictionary<string, byte[]> configs, params string[] tags)
    {
        var world = new HubWorld();
        var repo = world.AddRepository("library", "ubuntu", DateTimeOffset.UnixEpoch);
        foreach (var name in tags)
        {
            repo.Tags.Add(new HubTagModel(name) { RegistryManifest = index, RegistryMediaType = "application/vnd.oci.image.index.v1+json" });
        }
        foreach (var (digest, child) in children)
        {
            repo.Manifests[digest] = child;
        }
        foreach (var (digest, config) in configs)
        {
            repo.Blobs[digest] = config;
        }
        return world;
    }

    [Fact]
    public async Task IndexWithoutPlatforms_EachChildResolvedFromItsConfig()
    {
        using var timeout = TestCrawlers.Timeout();
        var (index, children, configs) = Built();
        await using var bed = await HubTestBed.StartAsync(WorldWith(index, children, configs, "17.10"));

        var result = await bed.CrawlAsync("children", timeout.Token);

        Assert.Equal(CrawlStatus.Succeeded, result.Report.Status);
        var record = Assert.Single(result.Snapshot!.Records);
        Assert.Equal(["linux/amd64", "linux/arm64/v8"], TagRecords.Platforms(record));
        Assert.Equal(TagRecords.FromRegistryIndex, TagRecords.Source(record));
        Assert.Equal(1 + 2, bed.Requests("GET", "/manifests/")); // the index and each child once
        Assert.Equal(2, bed.Requests("GET", "/blobs/"));
        Assert.Equal(2, result.Report.Counters["registry.index_children_resolved"]);
    }

    [Fact]
    public async Task TwoTagsSameChildren_ChildrenAndConfigsFetchedOnce()
    {
        using var timeout = TestCrawlers.Timeout();
        var (index, children, configs) = Built();
        var world = WorldWith(index, children, configs, "17.10");
        // A second tag with a different index (another digest) over the same two children.
        var otherIndex = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(index) + "\n");
        world.Find("library", "ubuntu")!.Tags.Add(new HubTagModel("artful") { RegistryManifest = otherIndex, RegistryMediaType = "application/vnd.oci.image.index.v1+json" });
        await using var bed = await HubTestBed.StartAsync(world, s => s["Mao:DockerHub:RepositoryConcurrency"] = "1");

        var result = await bed.CrawlAsync("shared-children", timeout.Token);

        Assert.All(result.Snapshot!.Records, r => Assert.Equal(["linux/amd64", "linux/arm64/v8"], TagRecords.Platforms(r)));
        Assert.Equal(2 + 2, bed.Requests("GET", "/manifests/")); // two indexes, two children
        Assert.Equal(2, bed.Requests("GET", "/blobs/"));
    }

    [Fact]
    public async Task OneChildMissing_TagMarkedUnknown_KnownPlatformKept_ErrorNamesTheTag()
    {
        using var timeout = TestCrawlers.Timeout();
        var (index, children, configs) = Built();
        var missing = children.Keys.Last();
        children.Remove(missing);
        await using var bed = await HubTestBed.StartAsync(WorldWith(index, children, configs, "17.10"));

        var result = await bed.CrawlAsync("missing-child", timeout.Token);

        var record = Assert.Single(result.Snapshot!.Records);
        Assert.Equal(["linux/amd64"], TagRecords.Platforms(record));
        Assert.Equal(TagRecords.UnknownPlatforms, TagRecords.Source(record));
        var error = Assert.Single(result.Report.Errors);
        Assert.Equal("library/ubuntu:17.10", error.Unit);
        Assert.Equal(CrawlErrorKind.NotFound, error.Kind);
        Assert.Contains(missing["sha256:".Length..], error.Url);
        Assert.Equal(CrawlStatus.Partial, result.Report.Status);
    }
}
