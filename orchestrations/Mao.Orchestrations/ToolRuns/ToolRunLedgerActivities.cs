using Microsoft.DurableTask;

namespace Mao.Orchestrations.ToolRuns;

/// <summary>A unit failed after its retries: checkpoint the previous kept run's records for it (carried over), or mark it missing.</summary>
public sealed class CarryOverUnitActivity(ToolUnitsCatalog catalog, UnitCheckpoints checkpoints) : TaskActivity<CarryOverWork, ToolUnitDone>
{
    public override Task<ToolUnitDone> RunAsync(TaskActivityContext context, CarryOverWork input) => ExecuteAsync(input, CancellationToken.None);

    public Task<ToolUnitDone> ExecuteAsync(CarryOverWork input, CancellationToken cancellationToken)
    {
        var (tool, period, unit, previous) = input.Work;
        return checkpoints.CarryOverAsync(tool, period, unit, previous, catalog.Get(tool).Identity, input.Reason, cancellationToken);
    }
}

/// <summary>A slice of the run's unit list from the ledger: what one generation of the orchestrator works on.</summary>
public sealed class ReadRunUnitsActivity(RunLedger ledger) : TaskActivity<RunUnitsRange, List<string>>
{
    public override Task<List<string>> RunAsync(TaskActivityContext context, RunUnitsRange input) => ExecuteAsync(input, CancellationToken.None);

    public Task<List<string>> ExecuteAsync(RunUnitsRange input, CancellationToken cancellationToken) =>
        ledger.UnitsAsync(input.Tool, input.Period, input.RunKey, input.From, input.Until, cancellationToken);
}

/// <summary>Writes the units a generation discovered to the ledger, before the run continues as new or keeps.</summary>
public sealed class AppendRunUnitsActivity(RunLedger ledger) : TaskActivity<RunUnitsAppend, bool>
{
    public override Task<bool> RunAsync(TaskActivityContext context, RunUnitsAppend input) => ExecuteAsync(input, CancellationToken.None);

    public async Task<bool> ExecuteAsync(RunUnitsAppend input, CancellationToken cancellationToken)
    {
        await ledger.AppendAsync(input, cancellationToken);
        return true;
    }
}

/// <summary>Marks the run kept, so later runs of the tool find it as their previous run (carry-over, reuse).</summary>
public sealed class MarkRunKeptActivity(ToolUnitsCatalog catalog, RunLedger ledger) : TaskActivity<ToolRunResult, bool>
{
    public override Task<bool> RunAsync(TaskActivityContext context, ToolRunResult input) => ExecuteAsync(input, CancellationToken.None);

    public async Task<bool> ExecuteAsync(ToolRunResult input, CancellationToken cancellationToken)
    {
        await ledger.MarkKeptAsync(catalog.Get(input.Tool).Manifest.Version, input, cancellationToken);
        return true;
    }
}

/// <summary>
/// A run that failed for too many failed units forgets their checkpoints (carried over or missing), so the run started again
/// after the outage fetches them rather than finding them "done". Returns how many it deleted.
/// </summary>
public sealed class ForgetFailedUnitsActivity(RunLedger ledger, UnitCheckpoints checkpoints) : TaskActivity<RunUnitsRange, int>
{
    public override Task<int> RunAsync(TaskActivityContext context, RunUnitsRange input) => ExecuteAsync(input, CancellationToken.None);

    public async Task<int> ExecuteAsync(RunUnitsRange input, CancellationToken cancellationToken)
    {
        var forgotten = 0;
        foreach (var unit in await ledger.UnitsAsync(input.Tool, input.Period, input.RunKey, input.From, input.Until, cancellationToken))
        {
            forgotten += await checkpoints.ForgetIfFailedAsync(input.Tool, input.Period, unit, cancellationToken) ? 1 : 0;
        }
        return forgotten;
    }
}

/// <summary>Which run was just kept, for <see cref="CleanUpRunsActivity"/>.</summary>
public sealed record RunCleanupRequest(string Tool, string Period);

/// <summary>After a run is kept: its keep step's leftover staging blobs and the tool's older kept runs go (<see cref="RunCleanup"/>).</summary>
public sealed class CleanUpRunsActivity(RunCleanup cleanup) : TaskActivity<RunCleanupRequest, RunCleanupResult>
{
    public override Task<RunCleanupResult> RunAsync(TaskActivityContext context, RunCleanupRequest input) => ExecuteAsync(input, CancellationToken.None);

    public Task<RunCleanupResult> ExecuteAsync(RunCleanupRequest input, CancellationToken cancellationToken) =>
        cleanup.AfterKeptAsync(input.Tool, input.Period, cancellationToken);
}
