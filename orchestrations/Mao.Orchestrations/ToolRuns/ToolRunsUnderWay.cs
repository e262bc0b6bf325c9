using Mao.Federation.Rounds;
using Microsoft.DurableTask.Client;

namespace Mao.Orchestrations.ToolRuns;

/// <summary>This site's measurement of a (tool, period) is under way while its tool run's orchestration is pending or running.</summary>
public sealed class ToolRunsUnderWay(DurableTaskClient client) : IOwnMeasurements
{
    public async Task<bool> UnderWayAsync(string tool, string period, CancellationToken cancellationToken) =>
        await client.GetInstanceAsync(ToolRunInstance.Id(tool, period), cancellationToken) is { } run
            && (run.RuntimeStatus is OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending || IsBetweenGenerations(run.RuntimeStatus));

    // A long run continues as new between generations (ToolRunOrchestrator): still under way.
    private static bool IsBetweenGenerations(OrchestrationRuntimeStatus status) => status.ToString() == "ContinuedAsNew";
}
