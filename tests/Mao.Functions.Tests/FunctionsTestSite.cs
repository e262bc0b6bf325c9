using Mao.Site.Hosting;
using Mao.Testing;
using Microsoft.Extensions.Logging;

namespace Mao.Functions.Tests;

/// <summary>A real site host on Azurite whose durable backend the Functions' trigger methods are called against.</summary>
internal static class FunctionsTestSite
{
    public static Task<RunningSite> StartAsync(AzuriteFixture azurite, string dataDirectory, CancellationToken cancellationToken) =>
        SiteHost.StartAsync(new SiteOptions
        {
            SiteId = "site-a", DataDirectory = dataDirectory, ApiPort = 0, GrpcPort = 0, SchedulerEnabled = false,
            StorageConnectionString = azurite.ConnectionString, TaskHub = "f" + Guid.NewGuid().ToString("N")[..20],
            Durable = new DurableTuning { PartitionCount = 1, LeaseInterval = TimeSpan.FromSeconds(6), LeaseRenewInterval = TimeSpan.FromSeconds(2) },
        }, logging => logging.SetMinimumLevel(LogLevel.Warning), cancellationToken: cancellationToken);
}
