using Mao.Federation.Configuration;
using Mao.Federation.Registry;
using Mao.Site.Hosting;
using Mao.Testing;
using Microsoft.Extensions.Logging;

namespace Mao.Site.Tests.Support;

/// <summary>Site hosts for tests: free ports, a fresh task hub, tight durable timings, quiet logs.</summary>
public static class TestSites
{
    /// <summary>
    /// One site of a test federation: names derived from <paramref name="run"/> keep tests apart on the shared Azurite
    /// and etcd (key root, task hub, container, table); its git remote is a folder under <paramref name="root"/>.
    /// </summary>
    public static SiteOptions Options(AzuriteFixture azurite, EtcdFixture etcd, string root, string run, string siteId = "site-a") => new()
    {
        Federation = new FederationSettings
        {
            SiteId = siteId,
            DataDirectory = Path.Combine(root, siteId),
            StorageConnectionString = azurite.ConnectionString,
            Etcd = new EtcdOptions { Endpoints = etcd.Endpoints, KeyRoot = $"/{run}" },
            GitRemote = Path.Combine(root, "remotes", siteId),
            SnapshotContainer = $"{run}-{siteId}",
            SnapshotTable = run + new string(siteId.Where(char.IsAsciiLetterOrDigit).ToArray()),
            Tools = [TestSnapshots.Tool],
            AnswerWindow = TimeSpan.FromSeconds(20),
            SiteTtl = TimeSpan.FromSeconds(5),
            FetchTimeout = TimeSpan.FromSeconds(10),
        },
        ApiPort = 0,
        GrpcPort = 0,
        TaskHub = run + new string(siteId.Where(char.IsAsciiLetterOrDigit).ToArray()),
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

    /// <summary>A name for one test's federation: a letter and 12 hex digits (valid for task hubs, tables, containers, keys).</summary>
    public static string UniqueRun() => "t" + Guid.NewGuid().ToString("N")[..12];

    public static Task<RunningSite> StartAsync(SiteOptions options, CancellationToken cancellationToken) =>
        SiteHost.StartAsync(options, logging => logging.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole(), cancellationToken: cancellationToken);

    public static CancellationTokenSource Timeout(int seconds = 60) => new(TimeSpan.FromSeconds(seconds));
}
