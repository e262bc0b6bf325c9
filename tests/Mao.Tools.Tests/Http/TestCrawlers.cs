using Mao.Testing.Replay;
using Mao.Tools.Crawling;
using Mao.Tools.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Mao.Tools.Tests.Http;

/// <summary>The production service registration, pointed at a replay server, with short retry delays so error tests stay quick.</summary>
public static class TestCrawlers
{
    public static ServiceProvider Create(ReplayServer server, Action<Dictionary<string, string?>>? configure = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Mao:DockerHub:HubBaseUrl"] = server.BaseUrl.ToString(),
            ["Mao:DockerHub:RegistryBaseUrl"] = server.BaseUrl.ToString(),
            ["Mao:DockerHub:AuthBaseUrl"] = server.BaseUrl.ToString(),
            ["Mao:ArtifactHub:BaseUrl"] = server.BaseUrl.ToString(),
            ["Mao:Sar:BaseUrl"] = server.Url("Prod").ToString(),
            ["Mao:Http:RetryBaseDelay"] = "00:00:00.050",
            ["Mao:Http:AttemptTimeout"] = "00:00:03",
            ["Mao:Http:TotalTimeout"] = "00:00:20",
            ["Mao:Http:MaxRetries"] = "2",
        };
        configure?.Invoke(settings);
        return CrawlerServices.Build(settings);
    }

    public static CancellationTokenSource Timeout() => new(TimeSpan.FromSeconds(60));

    public static CrawlRequest Request(string crawlId, Mao.Core.Model.Snapshot? previous = null, IProgress<CrawlProgress>? progress = null) =>
        new("site-a", crawlId, new DateTimeOffset(2020, 2, 16, 0, 0, 0, TimeSpan.Zero), previous, progress);

    public static FileCheckpointStore Checkpoints() =>
        new(Path.Combine(Path.GetTempPath(), "mao-checkpoints-" + Guid.NewGuid().ToString("N")));
}

/// <summary>Reports progress synchronously (Progress&lt;T&gt; would post to a thread pool and arrive late).</summary>
public sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
