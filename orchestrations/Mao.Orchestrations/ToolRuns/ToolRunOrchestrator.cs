using Microsoft.DurableTask;

namespace Mao.Orchestrations.ToolRuns;

/// <summary>
/// One tool run for one period (instance <see cref="ToolRunInstance.Id"/>): plan the units, fetch them as short
/// activities in batches of <see cref="ToolRunRequest.Concurrency"/> (each checkpointed in blob storage, so a resumed run
/// skips done units), add the follow-up units they name, go on past the plan while an open-ended listing comes back
/// full, then keep the snapshot and start
/// its round. Deterministic: no I/O and no clock here; results are taken in plan order.
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
        context.SetCustomStatus(new ToolRunProgress(ToolRunProgress.Planning, 0, 0, 0));
        var plan = await context.CallActivityAsync<ToolRunPlan>(nameof(PlanToolRunActivity), run, Retry);
        var units = plan.Units.ToList();
        var known = units.ToHashSet(StringComparer.Ordinal);
        var done = new List<ToolUnitDone>();
        var batch = Math.Clamp(run.Concurrency, 1, 32);
        var extra = 0;
        while (done.Count < units.Count)
        {
            var work = units.Skip(done.Count).Take(batch)
                .Select(unit => context.CallActivityAsync<ToolUnitDone>(nameof(RunToolUnitActivity), new ToolUnitWork(run.Tool, run.Period, unit), Retry))
                .ToArray();
            var finished = await Task.WhenAll(work); // WhenAll keeps the order of the work, which is plan order
            done.AddRange(finished);
            // Follow-up units (a repository's next tag page) join the end of the run, in the order of the units that named them.
            units.AddRange(finished.Select(d => d.Next).OfType<string>().Where(known.Add));
            if (done.Count == units.Count && plan.OpenEnded && done[^1].More && extra < MaxExtraUnits)
            {
                units.Add(ToolRunPlan.Next(units[^1], plan.Step));
                known.Add(units[^1]);
                extra++;
            }
            context.SetCustomStatus(new ToolRunProgress(ToolRunProgress.Fetching, done.Count, units.Count, done.Sum(d => (long)d.Records)));
        }
        context.SetCustomStatus(new ToolRunProgress(ToolRunProgress.Keeping, done.Count, units.Count, done.Sum(d => (long)d.Records)));
        var result = await context.CallActivityAsync<ToolRunResult>(nameof(KeepToolRunActivity),
            new KeepToolRunRequest(run.Tool, run.Period, run.ObservedAt, units, plan.Shards), Retry);
        context.SetCustomStatus(new ToolRunProgress(ToolRunProgress.Done, done.Count, units.Count, result.Records));
        return result;
    }
}
