using DurableTask.AzureStorage;
using Microsoft.Extensions.Logging;

namespace Mao.Site.Hosting;

/// <summary>Builds the Azure Storage orchestration service (DTFx) for a site and makes sure its task hub exists.</summary>
public static class DurableBackend
{
    public static async Task<AzureStorageOrchestrationService> CreateAsync(SiteOptions options, ILoggerFactory loggerFactory)
    {
        var tuning = options.Durable;
        var settings = new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = new StorageAccountClientProvider(options.StorageConnectionString!),
            TaskHubName = options.EffectiveTaskHub,
            // One id per process: after a kill the new process must not pass for the dead one.
            WorkerId = $"{Environment.MachineName}-{Environment.ProcessId}",
            PartitionCount = tuning.PartitionCount,
            MaxQueuePollingInterval = tuning.MaxQueuePollingInterval,
            WorkItemQueueVisibilityTimeout = tuning.WorkItemVisibilityTimeout,
            ControlQueueVisibilityTimeout = tuning.ControlQueueVisibilityTimeout,
            LeaseInterval = tuning.LeaseInterval,
            LeaseRenewInterval = tuning.LeaseRenewInterval,
            LeaseAcquireInterval = tuning.LeaseAcquireInterval,
            // The app lease serves blue/green deployments sharing a hub; a site has none, and it would add
            // another lease expiry to every restart after a crash.
            UseAppLease = false,
            LoggerFactory = loggerFactory,
        };
        var service = new AzureStorageOrchestrationService(settings);
        await service.CreateIfNotExistsAsync();
        return service;
    }
}
