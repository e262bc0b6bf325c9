using Mao.Site.Hosting;
using Mao.Testing;
using Microsoft.Extensions.Logging;

namespace Mao.Site.Tests.Support;

/// <summary>Site hosts for tests: free ports, a fresh task hub, tight durable timings, quiet logs.</summary>
public static class TestSites
{
    public static SiteOptions Options(AzuriteFixture azurite, string dataDirectory, string siteId = "site-a") => new()
    {
        SiteId = siteId,
        DataDirectory = dataDirectory,
        ApiPort = 0,
        GrpcPort = 0,
        StorageConnectionString = azurite.ConnectionString,
        TaskHub = UniqueHub(),
        SchedulerEnabled = false,
        Durable = FastTuning(),
    };

    public static DurableTuning FastTuning() => new()
    {
        MaxQueuePollingInterval = TimeSpan.FromSeconds(1),
        WorkItemVisibilityTimeout = TimeSpan.FromSeconds(10),
        ControlQueueVisibilityTimeout = TimeSpan.FromSeconds(10),
        LeaseInterval = TimeSpan.FromSeconds(6),
        LeaseRenewInterval = TimeSpan.FromSeconds(2),
        LeaseAcquireInterval = TimeSpan.FromSeconds(2),
        PartitionCount = 1,
    };

    public static string UniqueHub() => "t" + Guid.NewGuid().ToString("N")[..20];

    public static Task<RunningSite> StartAsync(SiteOptions options, CancellationToken cancellationToken) =>
        SiteHost.StartAsync(options, logging => logging.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole(), cancellationToken: cancellationToken);

    public static CancellationTokenSource Timeout(int seconds = 60) => new(TimeSpan.FromSeconds(seconds));
}
