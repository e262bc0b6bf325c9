using System.Text.Json.Serialization.Metadata;
using Mao.Testing.Fuzz;
using Mao.Tools.ArtifactHub;
using Mao.Tools.DockerHub;
using Mao.Tools.Http;
using Mao.Tools.Sar;
using Xunit.Abstractions;

namespace Mao.Tools.Tests.Fuzz;

/// <summary>
/// Recorded registry and catalogue responses, mutated, through the same parse the crawlers use
/// (<see cref="JsonFetcher.Parse{T}(Uri, byte[], JsonTypeInfo{T})"/>) and on into the records they build: a bad body
/// must be a <see cref="CrawlRequestException"/> (the crawl records it and goes on), never anything else.
/// </summary>
[Trait("Category", "Fuzz")]
public sealed class CrawlerJsonFuzz(ITestOutputHelper output)
{
    private static readonly Uri Url = new("https://hub.example/v2/page");

    [Fact]
    public void HubTagsPage() => Fuzz("hub-tags", [.. Seeds("fixtures/dockerhub"), .. BuiltTagsPages()], HubJsonContext.Default.HubPageHubTag, page =>
        page.Results?.Where(t => t is not null).ToList().ForEach(tag => TagRecords.PlatformsOf(tag)));

    [Fact]
    public void HubRepositoriesPage() => Fuzz("hub-repositories", Seeds("fixtures/dockerhub"), HubJsonContext.Default.HubPageHubRepository, _ => { });

    [Fact]
    public void RegistryManifest() => Fuzz("registry-manifest", Seeds("fixtures/registry"), Lenient<RegistryManifest>(), _ => { });

    [Fact]
    public void RegistryImageConfig() => Fuzz("registry-config", Seeds("fixtures/registry"), Lenient<RegistryImageConfig>(), _ => { });

    [Fact]
    public void RegistryToken() => Fuzz("registry-token", Seeds("fixtures/registry"), Lenient<RegistryToken>(), _ => { });

    [Fact]
    public void ArtifactHubSearchPage() => Fuzz("artifacthub-search", Seeds("fixtures/artifacthub"), Lenient<AhSearchPage>(), page =>
        page.Packages?.Where(p => p is not null).ToList().ForEach(p => HelmRecords.Build(p)));

    [Fact]
    public void SarBrowsePage() => Fuzz("sar-browse", [.. Seeds("fixtures/aws-sar"), "{\"approximateResultCount\":1,\"applications\":[]}"u8.ToArray()],
        Lenient<SarBrowsePage>(), page => page.Applications?.Where(a => a is not null).ToList().ForEach(a => SarRecords.Build(a)));

    private void Fuzz<T>(string parser, IReadOnlyList<byte[]> seeds, JsonTypeInfo<T> type, Action<T> build)
    {
        new FuzzRunner(parser, output).Run(seeds, input => build(JsonFetcher.Parse(Url, input, type)), typeof(CrawlRequestException));
    }

    private static JsonTypeInfo<T> Lenient<T>() => (JsonTypeInfo<T>)JsonFetcher.Lenient.GetTypeInfo(typeof(T));

    /// <summary>The tags page built from the documented shape (multi-arch, Windows, attestations), beside the tests.</summary>
    private static IEnumerable<byte[]> BuiltTagsPages() =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures", "dockerhub"), "tags-page_*.json").Order(StringComparer.Ordinal).Select(File.ReadAllBytes);

    private static IReadOnlyList<byte[]> Seeds(string folder) => FuzzRunner.Recorded(folder, "*.json");
}
