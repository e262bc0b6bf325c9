using Mao.Orchestrations.ToolRuns;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Mao.Functions;

/// <summary>
/// The tool run's durable wrappers, as for rounds (<see cref="RoundOrchestrationFunctions"/>): each function has the
/// name the orchestrator calls and forwards to the class the site host's worker registers. Keeping the run starts its
/// round, so that activity binds a durable client.
/// </summary>
public sealed class ToolRunOrchestrationFunctions(
    PlanToolRunActivity plan, RunToolUnitActivity unit, CarryOverUnitActivity carryOver, ReadRunUnitsActivity readUnits,
    AppendRunUnitsActivity appendUnits, MarkRunKeptActivity markKept, ForgetFailedUnitsActivity forgetFailed, CleanUpRunsActivity cleanUp, FrontDoors doors)
{
    [Function(nameof(ToolRunOrchestrator))]
    public static Task<ToolRunResult> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new ToolRunOrchestrator().RunAsync(context, context.GetInput<ToolRunRequest>()
            ?? throw new InvalidOperationException($"tool run {context.InstanceId} was started without input"));

    [Function(nameof(PlanToolRunActivity))]
    public Task<PlannedRun> PlanAsync([ActivityTrigger] ToolRunRequest input, FunctionContext context) =>
        plan.ExecuteAsync(input, context.CancellationToken);

    [Function(nameof(RunToolUnitActivity))]
    public Task<ToolUnitDone> RunUnitAsync([ActivityTrigger] ToolUnitWork input, FunctionContext context) =>
        unit.ExecuteAsync(input, context.CancellationToken);

    [Function(nameof(CarryOverUnitActivity))]
    public Task<ToolUnitDone> CarryOverAsync([ActivityTrigger] CarryOverWork input, FunctionContext context) =>
        carryOver.ExecuteAsync(input, context.CancellationToken);

    [Function(nameof(ReadRunUnitsActivity))]
    public Task<List<string>> ReadUnitsAsync([ActivityTrigger] RunUnitsRange input, FunctionContext context) =>
        readUnits.ExecuteAsync(input, context.CancellationToken);

    [Function(nameof(AppendRunUnitsActivity))]
    public Task<bool> AppendUnitsAsync([ActivityTrigger] RunUnitsAppend input, FunctionContext context) =>
        appendUnits.ExecuteAsync(input, context.CancellationToken);

    [Function(nameof(MarkRunKeptActivity))]
    public Task<bool> MarkKeptAsync([ActivityTrigger] ToolRunResult input, FunctionContext context) =>
        markKept.ExecuteAsync(input, context.CancellationToken);

    [Function(nameof(ForgetFailedUnitsActivity))]
    public Task<int> ForgetFailedAsync([ActivityTrigger] RunUnitsRange input, FunctionContext context) =>
        forgetFailed.ExecuteAsync(input, context.CancellationToken);

    [Function(nameof(CleanUpRunsActivity))]
    public Task<RunCleanupResult> CleanUpAsync([ActivityTrigger] RunCleanupRequest input, FunctionContext context) =>
        cleanUp.ExecuteAsync(input, context.CancellationToken);

    [Function(nameof(KeepToolRunActivity))]
    public Task<ToolRunResult> KeepAsync([ActivityTrigger] KeepToolRunRequest input, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        doors.KeepRun(client).ExecuteAsync(input, context.CancellationToken);
}
