using Microsoft.DurableTask;

namespace Mao.Orchestrations.ToolRuns;

/// <summary>
/// One tool run for one period (instance <see cref="ToolRunInstance.Id"/>): plan the units into the run ledger, fetch them
/// as short activities in batches of <see cref="ToolRunRequest.Concurrency"/> (each checkpointed in blob storage, so a
/// resumed run skips done units), add the follow-up units they name, go on past the plan while an open-ended listing comes
/// back full, then keep the snapshot and start its round. A unit that still fails after its retries is carried over from
/// the previous kept run (or marked missing) instead of failing the run.
/// History stays bounded: after <see cref="ToolRunRequest.BatchesPerGeneration"/> batches the run continues as new with a
/// cursor (position, counts); the unit names live in the ledger, each generation reads its window of them.
/// Deterministic: no I/O and no clock here; results are taken in ledger order.
/// </summary>
public sealed class ToolRunOrchestrator : TaskOrchestrator<ToolRunRequest, ToolRunResult>
{
    /// <summary>Guards an open-ended listing whose pages never come back short.</summary>
    public const int MaxExtraUnits = 5;

    private static readonly TaskOptions Retry = TaskOptions.FromRetryPolicy(new RetryPolicy(maxNumberOfAttempts: 4, firstRetryInterval: TimeSpan.FromSeconds(2), backoffCoefficient: 2)
    {
        HandleFailure = failure => failure.ErrorType != typeof(Core.MaoFormatException).FullName,
    });

    public override async Task<ToolRunResult> RunAsync(TaskOrchestrationContext context, ToolRunRequest run)
    {
        var cursor = run.Cursor;
        if (cursor is null)
        {
            context.SetCustomStatus(new ToolRunProgress(ToolRunProgress.Planning, 0, 0, 0));
            var plan = await context.CallActivityAsync<PlannedRun>(nameof(PlanToolRunActivity), run, Retry);
            // Names this instance's appended units: a run started again after a failure writes its own, never mixing with these.
            cursor = new ToolRunCursor(plan, context.NewGuid().ToString("N"), 0, plan.Units, 0, ToolRunTally.Zero);
        }
        context.SetCustomStatus(ToolRunProgress.Of(ToolRunProgress.Fetching, cursor.Position, cursor.Total, cursor.Tally));
        var batch = Math.Clamp(run.Concurrency, 1, 32);
        var batches = Math.Max(1, run.BatchesPerGeneration);
        var units = await context.CallActivityAsync<List<string>>(nameof(ReadRunUnitsActivity),
            new RunUnitsRange(run.Tool, run.Period, cursor.RunKey, cursor.Position, Math.Min(cursor.Total, cursor.Position + batch * batches)), Retry);
        // When the window reaches the ledger's end, units found now run in this generation too; else they wait their turn.
        var toEnd = cursor.Position + units.Count == cursor.Total;
        var known = units.ToHashSet(StringComparer.Ordinal);
        var added = new List<string>();
        var (done, tally, last, lastMore, extra) = (0, cursor.Tally, cursor.LastUnit, cursor.LastMore, cursor.Extra);
        for (var round = 0; round < batches; round++)
        {
            if (done == units.Count)
            {
                if (!toEnd || !(cursor.Plan.OpenEnded && lastMore && extra < MaxExtraUnits && last is not null))
                {
                    break;
                }
                var next = ToolRunPlan.Next(last, cursor.Plan.Step);
                units.Add(next);
                added.Add(next);
                extra++;
            }
            var work = units.Skip(done).Take(batch).Select(unit => RunUnitAsync(context, run, cursor.Plan.Previous, unit)).ToArray();
            var finished = await Task.WhenAll(work); // WhenAll keeps the order of the work, which is ledger order
            done += finished.Length;
            tally = tally.Add(finished);
            (last, lastMore) = (finished[^1].Unit, finished[^1].More);
            // Follow-up units (a repository's next tag page) join the end of the run, in the order of the units that named them.
            foreach (var next in finished.Select(d => d.Next).OfType<string>().Where(known.Add))
            {
                added.Add(next);
                if (toEnd)
                {
                    units.Add(next);
                }
            }
            context.SetCustomStatus(ToolRunProgress.Of(ToolRunProgress.Fetching, cursor.Position + done, cursor.Total + added.Count, tally));
        }
        if (added.Count > 0)
        {
            await context.CallActivityAsync<bool>(nameof(AppendRunUnitsActivity), new RunUnitsAppend(run.Tool, run.Period, cursor.RunKey, cursor.Total, added), Retry);
        }
        var after = cursor with
        {
            Position = cursor.Position + done, Total = cursor.Total + added.Count, Generation = cursor.Generation + 1,
            Tally = tally, LastUnit = last, LastMore = lastMore, Extra = extra,
        };
        var more = after.Position < after.Total || (cursor.Plan.OpenEnded && lastMore && extra < MaxExtraUnits && last is not null);
        if (more)
        {
            context.ContinueAsNew(run with { Cursor = after });
            return null!;
        }
        var failed = tally.CarriedOver + tally.Missing;
        if (failed > run.MaxCarriedOverShare * after.Total)
        {
            // A remote outage, not a few bad items: keep nothing. The failed units' checkpoints go, so a run started again fetches them.
            await context.CallActivityAsync<int>(nameof(ForgetFailedUnitsActivity), new RunUnitsRange(run.Tool, run.Period, cursor.RunKey, 0, after.Total), Retry);
            throw new InvalidOperationException(TooManyFailed(run, failed, after.Total, tally.Failed));
        }
        context.SetCustomStatus(ToolRunProgress.Of(ToolRunProgress.Keeping, after.Position, after.Total, tally));
        var kept = await context.CallActivityAsync<ToolRunResult>(nameof(KeepToolRunActivity),
            new KeepToolRunRequest(run.Tool, run.Period, run.ObservedAt, cursor.RunKey, after.Total, cursor.Plan.Shards), Retry);
        var result = kept with
        {
            Complete = tally.Missing == 0, Previous = cursor.Plan.Previous, Reused = tally.Reused, CarriedOver = tally.CarriedOver,
            CarriedOverRecords = tally.CarriedOverRecords, Missing = tally.Missing, Failed = tally.Failed,
        };
        await context.CallActivityAsync<bool>(nameof(MarkRunKeptActivity), result, Retry);
        try
        {
            await context.CallActivityAsync<RunCleanupResult>(nameof(CleanUpRunsActivity), new RunCleanupRequest(run.Tool, run.Period), Retry);
        }
        catch (TaskFailedException)
        {
            // The snapshot is kept; what this clean-up left, the next kept run's clean-up deletes (it is idempotent).
        }
        context.SetCustomStatus(ToolRunProgress.Of(ToolRunProgress.Done, after.Position, after.Total, tally) with { Records = result.Records });
        return result;
    }

    /// <summary>The failure of a run with too many failed units: how many, the limit, and the first few by name and reason.</summary>
    public static string TooManyFailed(ToolRunRequest run, int failed, int total, IReadOnlyList<FailedUnit> named)
    {
        const int shown = 5;
        var first = string.Join("; ", named.Take(shown).Select(u => $"{u.Unit} ({(u.CarriedFrom is null ? "missing" : "carried over from " + u.CarriedFrom)}: {u.Reason})"));
        return $"run {run.Tool}/{run.Period}: {failed} of {total} units failed after their retries, more than the allowed share "
            + $"{run.MaxCarriedOverShare.ToString(System.Globalization.CultureInfo.InvariantCulture)} ({ToolRunOptions.Section}:MaxCarriedOverShare); no snapshot kept. "
            + $"First {Math.Min(shown, named.Count)}: {first}";
    }

    /// <summary>Runs one unit; when it still fails after its retries, its previous records stand in (or it is marked missing).</summary>
    private static async Task<ToolUnitDone> RunUnitAsync(TaskOrchestrationContext context, ToolRunRequest run, string? previous, string unit)
    {
        var work = new ToolUnitWork(run.Tool, run.Period, unit, previous);
        try
        {
            return await context.CallActivityAsync<ToolUnitDone>(nameof(RunToolUnitActivity), work, Retry);
        }
        catch (TaskFailedException e)
        {
            var reason = e.FailureDetails.ErrorMessage;
            return await context.CallActivityAsync<ToolUnitDone>(nameof(CarryOverUnitActivity),
                new CarryOverWork(work, reason.Length > 300 ? reason[..300] + "..." : reason), Retry);
        }
    }
}
