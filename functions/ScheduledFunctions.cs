using Mao.Orchestrations.Scheduling;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Mao.Functions;

/// <summary>Timer triggers: the same NCRONTAB constants as the site host's scheduler (orchestrations/Scheduling).</summary>
public sealed class ScheduledFunctions(FrontDoors doors, ILogger<ScheduledFunctions> log)
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
}
