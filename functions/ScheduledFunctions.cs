using Mao.Federation.Store;
using Mao.Orchestrations.Scheduling;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Mao.Functions;

/// <summary>Timer triggers: the same NCRONTAB constants as the site host's scheduler (orchestrations/Scheduling).</summary>
public sealed class ScheduledFunctions(FrontDoors doors, SnapshotStore store, ILogger<ScheduledFunctions> log)
{
    [Function(Schedules.ConsensusRoundsJob)]
    public async Task StartConsensusRoundsAsync(
        [TimerTrigger(Schedules.ConsensusRounds)] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        FunctionContext context)
    {
        var started = await doors.Scheduled(client).StartDueRoundsAsync(context.CancellationToken);
        log.LogInformation("Scheduled rounds (past due: {PastDue}): {Started}", timer.IsPastDue, started.Count == 0 ? "none" : string.Join(", ", started));
    }

    /// <summary>Deletes staging blobs a killed upload left, as the site host's job of the same name does.</summary>
    [Function(Schedules.SweepStagingJob)]
    public async Task SweepStagingAsync([TimerTrigger(Schedules.SweepStaging)] TimerInfo timer, FunctionContext context)
    {
        var deleted = await store.Blobs.DeleteStaleStagingAsync(DateTimeOffset.UtcNow - SnapshotBlobs.StaleStagingAge, context.CancellationToken);
        log.LogInformation("{Job} (past due: {PastDue}): {Deleted} stale staging blob(s) deleted", Schedules.SweepStagingJob, timer.IsPastDue, deleted);
    }
}
