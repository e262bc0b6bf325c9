using System.Reflection;
using DurableTask.AzureStorage;

namespace Mao.Site.Hosting;

/// <summary>
/// Waits until the sidecar has started the storage service. The sidecar starts it only once the worker connects,
/// and stops it from an async-void stopping handler: a host stopped before the start finished made
/// <c>AzureStorageOrchestrationService.StopAsync</c> throw a NullReferenceException there, which crashed the process.
/// The service exposes no public started flag, so this reads its private <c>isStarted</c> field.
/// </summary>
internal static class BackendReadiness
{
    private static readonly FieldInfo? StartedField =
        typeof(AzureStorageOrchestrationService).GetField("isStarted", BindingFlags.Instance | BindingFlags.NonPublic);

    public static async Task WaitStartedAsync(AzureStorageOrchestrationService service, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (StartedField is null)
        {
            return; // A newer DTFx renamed it; its StopAsync may be safe by then, and starting must not depend on it.
        }
        var deadline = DateTime.UtcNow + timeout;
        while (!(bool)StartedField.GetValue(service)!)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the durable backend (task hub on Azure Storage) did not start within {timeout.TotalSeconds} s: is the storage reachable, and did the worker connect to the sidecar?");
            }
            await Task.Delay(50, cancellationToken);
        }
    }
}
