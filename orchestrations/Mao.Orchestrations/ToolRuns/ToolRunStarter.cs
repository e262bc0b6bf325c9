using Mao.Core.Model;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Mao.Orchestrations.ToolRuns;

/// <summary>What starting a run did.</summary>
public enum RunStartOutcome
{
    Started,

    /// <summary>The run of this tool and period exists (running or finished): one run per tool and period.</summary>
    Exists,
}

/// <summary>
/// Starts the run of a tool for a period at most once on this task hub: a check and a start with dedupe statuses under a
/// process lock (Azure Storage's own check only sees instances whose record is written). A failed or terminated run
/// may be started again; its finished units are in their checkpoints, so it resumes.
/// </summary>
public sealed class ToolRunStarter(DurableTaskClient client, ToolUnitsCatalog catalog, Microsoft.Extensions.Options.IOptions<ToolRunOptions> options)
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    private static readonly OrchestrationRuntimeStatus[] Restartable =
        [OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated];

    public async Task<RunStartOutcome> StartAsync(string tool, DateTimeOffset observedAt, CancellationToken cancellationToken)
    {
        catalog.Get(tool);
        var request = new ToolRunRequest(tool, Period.Of(observedAt), observedAt, BatchesPerGeneration: options.Value.BatchesPerGeneration,
            MaxCarriedOverShare: options.Value.MaxCarriedOverShare);
        var instanceId = ToolRunInstance.Id(tool, request.Period);
        await Gate.WaitAsync(cancellationToken);
        try
        {
            if (await client.GetInstanceAsync(instanceId, cancellationToken) is { } existing && !Restartable.Contains(existing.RuntimeStatus))
            {
                return RunStartOutcome.Exists;
            }
            var dedupe = StartOrchestrationOptionsExtensions.ValidDedupeStatuses.Except(Restartable).ToArray();
            var options = new StartOrchestrationOptions(InstanceId: instanceId).WithDedupeStatuses(dedupe);
            try
            {
                await client.ScheduleNewOrchestrationInstanceAsync(nameof(ToolRunOrchestrator), request, options, cancellationToken);
                return RunStartOutcome.Started;
            }
            catch (Exception e) when (e.GetType().Name is "RpcException" or "OrchestrationAlreadyExistsException" && e.Message.Contains("xists", StringComparison.Ordinal))
            {
                return RunStartOutcome.Exists;
            }
        }
        finally
        {
            Gate.Release();
        }
    }
}
