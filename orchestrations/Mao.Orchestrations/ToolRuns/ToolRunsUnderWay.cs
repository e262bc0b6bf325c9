using Mao.Federation.Rounds;
using Microsoft.DurableTask.Client;

namespace Mao.Orchestrations.ToolRuns;

/// <summary>
/// This site's measurement of a (tool, period) is under way while its tool run's orchestration is pending or running
/// (between ContinueAsNew generations too, as <see cref="ToolRunOperations.ShownStatus"/> shows it).
/// </summary>
public sealed class ToolRunsUnderWay(DurableTaskClient client) : IOwnMeasurements
{
    public async Task<bool> UnderWayAsync(string tool, string period, CancellationToken cancellationToken) =>
        await client.GetInstanceAsync(ToolRunInstance.Id(tool, period), cancellationToken) is { } run
            && ToolRunOperations.ShownStatus(run.RuntimeStatus) is nameof(OrchestrationRuntimeStatus.Running) or nameof(OrchestrationRuntimeStatus.Pending);
}
