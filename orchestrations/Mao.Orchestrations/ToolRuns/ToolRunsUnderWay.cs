using Mao.Federation.Rounds;
using Microsoft.DurableTask.Client;

namespace Mao.Orchestrations.ToolRuns;

/// <summary>This site's measurement of a (tool, period) is under way while its tool run's orchestration is pending or running.</summary>
public sealed class ToolRunsUnderWay(DurableTaskClient client) : IOwnMeasurements
{
    public async Task<bool> UnderWayAsync(string tool, string period, CancellationToken cancellationToken) =>
        await client.GetInstanceAsync(ToolRunInstance.Id(tool, period), cancellationToken)
            is { RuntimeStatus: OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending };
}
