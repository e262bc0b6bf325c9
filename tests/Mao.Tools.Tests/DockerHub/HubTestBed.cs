using Mao.Core.Model;
using Mao.Testing.Replay;
using Mao.Tools.Crawling;
using Mao.Tools.DockerHub;
using Mao.Tools.Tests.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Mao.Tools.Tests.DockerHub;

/// <summary>A replay server serving a Hub world, and the production crawler pointed at it.</summary>
public sealed class HubTestBed : IAsyncDisposable
{
    private readonly Action<Dictionary<string, string?>> _settings;
    private ServiceProvider _services;

    private HubTestBed(ReplayServer server, HubWorld world, string manifestCache, Action<Dictionary<string, string?>> settings)
    {
        ManifestCacheDirectory = manifestCache;
        Server = server;
        World = world;
        _settings = settings;
        _services = TestCrawlers.Create(server, settings);
    }

    public ReplayServer Server { get; }
    public HubWorld World { get; }
    public FileCheckpointStore Checkpoints { get; } = TestCrawlers.Checkpoints();

    /// <summary>This bed's manifest cache folder; it outlives <see cref="RestartProcessAsync"/>, as a site's state folder does.</summary>
    public string ManifestCacheDirectory { get; }

    public static async Task<HubTestBed> StartAsync(HubWorld world, Action<Dictionary<string, string?>>? configure = null, string registryToken = DockerHubReplay.Token)
    {
        var server = await ReplayServer.StartAsync();
        DockerHubReplay.Mount(server, world, registryToken);
        var manifestCache = Path.Combine(Path.GetTempPath(), "mao-manifests-" + Guid.NewGuid().ToString("N"));
        return new HubTestBed(server, world, manifestCache, settings =>
        {
            settings["Mao:DockerHub:ManifestCacheDirectory"] = manifestCache;
            var i = 0;
            foreach (var ns in world.Namespaces.Keys)
            {
                settings[$"Mao:DockerHub:Namespaces:{i++}"] = ns;
            }
            configure?.Invoke(settings);
        });
    }

    /// <summary>A new crawler process: fresh clients and rate-limit state, same server and checkpoints.</summary>
    public async Task RestartProcessAsync()
    {
        await _services.DisposeAsync();
        _services = TestCrawlers.Create(Server, _settings);
    }

    public DockerHubCrawler Crawler() => _services.GetRequiredService<DockerHubCrawler>();

    public Task<CrawlResult> CrawlAsync(string crawlId, CancellationToken cancellationToken, Snapshot? previous = null, IProgress<CrawlProgress>? progress = null) =>
        Crawler().CrawlAsync(TestCrawlers.Request(crawlId, previous, progress), Checkpoints, cancellationToken);

    public int Requests(string method, string pathContains) => Server.Count(method, p => p.Contains(pathContains, StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Server.DisposeAsync();
        if (Directory.Exists(ManifestCacheDirectory))
        {
            Directory.Delete(ManifestCacheDirectory, recursive: true);
        }
    }
}
