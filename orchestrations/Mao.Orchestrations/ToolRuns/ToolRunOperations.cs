using Mao.Core;
using Mao.Core.Model;
using Mao.Core.Serialization;
using Mao.Orchestrations.Api;
using Microsoft.DurableTask.Client;

namespace Mao.Orchestrations.ToolRuns;

/// <summary>POST /api/runs: run a tool now (for today's period unless a time is given).</summary>
public sealed record StartRunBody(string Tool, DateTimeOffset? ObservedAt = null);

/// <summary>The answer to a start: what happened and the run's instance.</summary>
public sealed record RunStarted(string Outcome, string Tool, string Period, string InstanceId);

/// <summary>GET /api/runs/{tool}/{period}: the run's state, its progress and (once done) its result.</summary>
public sealed record RunStatus(string Tool, string Period, string RuntimeStatus, DateTimeOffset CreatedAt, DateTimeOffset LastUpdatedAt,
    ToolRunProgress? Progress, ToolRunResult? Result, string? Failure);

/// <summary>The tool-run front doors (site API, CLI through it); the caller checked the operator key for starts.</summary>
public sealed class ToolRunOperations(DurableTaskClient client, ToolRunStarter starter, ToolUnitsCatalog catalog, TimeProvider clock)
{
    public async Task<ApiReply> StartAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        try
        {
            var start = MaoJson.Parse<StartRunBody>(body.Span, "run start");
            Identifier.Validate(start.Tool, "tool", "run start");
            if (!catalog.Runs(start.Tool))
            {
                return ApiReply.Error(404, $"this site has no runner for tool '{start.Tool}'");
            }
            var observedAt = start.ObservedAt ?? clock.GetUtcNow();
            var outcome = await starter.StartAsync(start.Tool, observedAt, cancellationToken);
            var period = Period.Of(observedAt);
            return new ApiReply(outcome == RunStartOutcome.Started ? 202 : 200,
                new RunStarted(outcome.ToString().ToLowerInvariant(), start.Tool, period, ToolRunInstance.Id(start.Tool, period)));
        }
        catch (MaoFormatException e)
        {
            return ApiReply.Error(400, e.Message);
        }
    }

    public async Task<ApiReply> GetStatusAsync(string tool, string period, CancellationToken cancellationToken)
    {
        if (!Identifier.IsValid(tool) || !Period.IsValid(period))
        {
            return ApiReply.Error(400, "a run is named by a tool id and a period (yyyy-MM-dd)");
        }
        var instance = await client.GetInstanceAsync(ToolRunInstance.Id(tool, period), getInputsAndOutputs: true, cancellationToken);
        if (instance is null)
        {
            return ApiReply.Error(404, $"no run of {tool} for {period} at this site");
        }
        // Between generations (ContinueAsNew) the custom status may be empty for a moment: the run is still running.
        var progress = instance.SerializedCustomStatus is not null ? instance.ReadCustomStatusAs<ToolRunProgress>() : null;
        var result = instance.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? instance.ReadOutputAs<ToolRunResult>() : null;
        var failure = instance.RuntimeStatus != OrchestrationRuntimeStatus.Failed ? null
            : instance.FailureDetails?.ErrorMessage ?? instance.SerializedOutput ?? "failed without details";
        return new ApiReply(200, new RunStatus(tool, period, ShownStatus(instance.RuntimeStatus), instance.CreatedAt, instance.LastUpdatedAt, progress, result, failure));
    }

    /// <summary>A run between two generations (ContinueAsNew) is running, as far as people and scripts are concerned.</summary>
    public static string ShownStatus(OrchestrationRuntimeStatus status) =>
        status.ToString() == "ContinuedAsNew" ? nameof(OrchestrationRuntimeStatus.Running) : status.ToString();
}
