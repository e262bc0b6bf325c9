using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Mao.Orchestrations.Rounds;

/// <summary>
/// Starts a round as the orchestration instance named by its round id, at most once. Azure Storage's dedupe check
/// only sees instances whose record is already written, so starters racing within milliseconds all pass it:
/// within a process a lock makes check-and-start one step (the HTTP API and the scheduler share it). Across
/// processes on one task hub the provider keeps one execution per instance id; give each round id one starter
/// (the site that announces it).
/// </summary>
public static class RoundStarter
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <returns>True when this call started the round; false when an instance with that id already exists.</returns>
    public static async Task<bool> TryStartAsync(DurableTaskClient client, RoundRequest request, CancellationToken cancellationToken)
    {
        await Gate.WaitAsync(cancellationToken);
        try
        {
            return await StartUnlessExistsAsync(client, request, cancellationToken);
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<bool> StartUnlessExistsAsync(DurableTaskClient client, RoundRequest request, CancellationToken cancellationToken)
    {
        if (await client.GetInstanceAsync(request.RoundId, cancellationToken) is not null)
        {
            return false;
        }
        var options = new StartOrchestrationOptions(InstanceId: request.RoundId)
            .WithDedupeStatuses([.. StartOrchestrationOptionsExtensions.ValidDedupeStatuses]);
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(nameof(ConsensusRoundOrchestrator), request, options, cancellationToken);
            return true;
        }
        catch (Exception e) when (IsAlreadyExists(e))
        {
            return false;
        }
    }

    /// <summary>The gRPC sidecar reports a dedupe refusal as status AlreadyExists; matched by name so this library needs no gRPC types.</summary>
    private static bool IsAlreadyExists(Exception e) =>
        e.GetType().Name == "RpcException" && e.Message.Contains("AlreadyExists", StringComparison.Ordinal)
        || e.GetType().Name == "OrchestrationAlreadyExistsException";
}
