using System.Text.Json.Nodes;
using Mao.Core.Model;
using Mao.Testing.Replay;
using Mao.Tools.DockerHub;
using Mao.Tools.Manifests;
using Mao.Tools.Tests.Http;

namespace Mao.Tools.Tests.DockerHub;

/// <summary>Architectures, variants and OS from the tags API's images[] and, when it lists none, from the registry's index.</summary>
public class DockerHubPlatformTests
{
    private static readonly MetricSchema Schema = ToolManifests.DockerHubTags.Schema;

    private static IReadOnlyList<string> Set(SnapshotRecord record, string field) => record.Values[Schema.IndexOf(field)].Set;

    [Fact]
    public async Task BuiltMultiArchPage_VariantsWindowsVersionKept_AttestationsAndInactiveSkipped()
    {
        using var timeout = TestCrawlers.Timeout();
        var world = new HubWorld();
        var repo = world.AddRepository("library", "hello-world", DateTimeOffset.UnixEpoch);
        repo.VerbatimTagsPage = (JsonObject)JsonNode.Parse(File.ReadAllText(
            Path.Combine(AppContext.BaseDirectory, "Fixtures/dockerhub/tags-page_BUILT-from-documented-shape_multiarch-windows-attestation.json")))!;
        await using var bed = await HubTestBed.StartAsync(world);

        var records = (await bed.CrawlAsync("multiarch", timeout.Token)).Snapshot!.Records.ToDictionary(r => r.Key);

        var latest = records["library/hello-world:latest"];
        Assert.Equal(["amd64", "arm/v5", "arm/v6", "arm64/v8"], Set(latest, "architectures"));
        Assert.DoesNotContain("unknown", string.Join(",", Set(latest, "platforms")));
        var windows = records["library/hello-world:nanoserver-ltsc2022"];
        Assert.Equal(["windows"], Set(windows, "os"));
        Assert.Equal(["10.0.20348.2340"], Set(windows, "os_versions"));
        Assert.Equal(["386", "ppc64le", "s390x"], Set(records["library/hello-world:1.0-s390x-ppc64le-386"], "architectures"));
        Assert.Equal(0, bed.Requests("GET", "/manifests/")); // images[] was enough: no pulls counted
    }

    [Theory]
    [InlineData("containers-image_manifest-list_schema2list.json", "linux/386,linux/amd64,linux/arm/v5,linux/arm/v6,linux/arm64/v8,linux/ppc64le,linux/s390x")]
    [InlineData("containers-image_oci-index_variants.json", "linux/amd64,linux/arm,linux/arm/unrecognized-present,linux/arm/v6,linux/arm/v7")]
    [InlineData("hello-world-index_assembled-from-recorded-descriptors", null)]
    [InlineData("containers-image_manifest-list_v2list-schema1-children.json", "linux/amd64,linux/arm/v7,linux/arm64/v8,linux/ppc64le,linux/s390x")]
    [InlineData("ubuntu-17.10-manifest_recorded_config-blob-built", "linux/amd64")]
    public async Task EmptyImagesList_PlatformsReadFromRegistryIndex(string document, string? expected)
    {
        using var timeout = TestCrawlers.Timeout();
        var recorded = RecordedIndexes.Named(document);
        var world = new HubWorld();
        var tag = new HubTagModel("latest") { RegistryManifest = recorded.Bytes, RegistryMediaType = recorded.MediaType };
        foreach (var (digest, blob) in recorded.Blobs)
        {
            tag.Blobs[digest] = blob;
        }
        world.AddRepository("library", "subject", DateTimeOffset.UnixEpoch).Tags.Add(tag);
        await using var bed = await HubTestBed.StartAsync(world);

        var result = await bed.CrawlAsync("registry", timeout.Token);

        Assert.Empty(result.Report.Errors);
        var record = Assert.Single(result.Snapshot!.Records);
        var platforms = Set(record, "platforms");
        Assert.Equal(tag.RegistryDigest, record.Values[Schema.IndexOf("digest")].Text);
        Assert.Equal(TagRecords.FromRegistryIndex, record.Values[Schema.IndexOf("platform_source")].Text);
        Assert.DoesNotContain(platforms, p => p.Contains("unknown", StringComparison.Ordinal));
        Assert.NotEmpty(platforms);
        if (expected is not null)
        {
            Assert.Equal(expected.Split(','), platforms);
        }
        Assert.Equal(1, bed.Requests("HEAD", "/manifests/"));
        Assert.Equal(1, bed.Requests("GET", "/manifests/"));
        Assert.True(bed.Requests("GET", "/token") >= 1);
    }

    [Fact]
    public async Task HelloWorldIndex_AttestationsNotCountedAsArchitectures()
    {
        using var timeout = TestCrawlers.Timeout();
        var recorded = RecordedIndexes.Named("hello-world-index_assembled-from-recorded-descriptors");
        var descriptors = JsonNode.Parse(recorded.Bytes)!["manifests"]!.AsArray();
        var real = descriptors
            .Select(d => d!["platform"]!)
            .Where(p => p["architecture"]!.GetValue<string>() != "unknown")
            .Select(p => $"{p["os"]}/{p["architecture"]}{(p["variant"] is { } v ? "/" + v : "")}")
            .Distinct()
            .Count();
        var world = new HubWorld();
        world.AddRepository("library", "hello-world", DateTimeOffset.UnixEpoch).Tags.Add(new HubTagModel("latest") { RegistryManifest = recorded.Bytes, RegistryMediaType = recorded.MediaType });
        await using var bed = await HubTestBed.StartAsync(world);

        var record = Assert.Single((await bed.CrawlAsync("hello", timeout.Token)).Snapshot!.Records);

        Assert.True(descriptors.Count > real, "the recorded index holds attestation entries");
        Assert.Equal(real, Set(record, "platforms").Count);
        Assert.Equal(["10.0.17763.5576", "10.0.20348.2340"], Set(record, "os_versions"));
        Assert.Contains("windows", Set(record, "os"));
    }
}
