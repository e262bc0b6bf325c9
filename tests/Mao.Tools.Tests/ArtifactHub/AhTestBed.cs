using System.Text.Json.Nodes;
using Mao.Testing.Replay;
using Mao.Tools.ArtifactHub;
using Mao.Tools.Crawling;
using Mao.Tools.Tests.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Mao.Tools.Tests.ArtifactHub;

public sealed class AhTestBed : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private AhTestBed(ReplayServer server, ServiceProvider services)
    {
        Server = server;
        _services = services;
    }

    public ReplayServer Server { get; }
    public FileCheckpointStore Checkpoints { get; } = TestCrawlers.Checkpoints();

    public static async Task<AhTestBed> StartAsync(IReadOnlyList<JsonObject> packages)
    {
        var server = await ReplayServer.StartAsync();
        ArtifactHubReplay.Mount(server, packages);
        return new AhTestBed(server, TestCrawlers.Create(server));
    }

    public Task<CrawlResult> CrawlAsync(string crawlId, CancellationToken cancellationToken, Mao.Core.Model.Snapshot? previous = null, IProgress<CrawlProgress>? progress = null) =>
        _services.GetRequiredService<ArtifactHubCrawler>().CrawlAsync(TestCrawlers.Request(crawlId, previous, progress), Checkpoints, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Server.DisposeAsync();
    }
}
