using Mao.Orchestrations.Local;
using Mao.Orchestrations.Scheduling;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Mao.Functions;

/// <summary>Timer triggers: the same NCRONTAB constants as the site host's scheduler (orchestrations/Scheduling).</summary>
public sealed class ScheduledFunctions(FunctionSettings settings, SiteDataFolder folder, FolderSnapshotSource snapshots, ILogger<ScheduledFunctions> log)
{
    [Function(Schedules.ConsensusRoundsJob)]
    public async Task StartConsensusRoundsAsync(
        [TimerTrigger(Schedules.ConsensusRounds)] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        FunctionContext context)
    {
        // The trigger does not pass its occurrence; it fires on it, so the current minute names the round.
        var now = DateTime.UtcNow;
        var occurrence = new DateTime(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, DateTimeKind.Utc);
        var rounds = new ScheduledRounds(client, folder, snapshots, new RoundScheduleSettings(settings.SiteId, settings.Peers, settings.AnswerWindow));
        var started = await rounds.StartDueRoundsAsync(occurrence, context.CancellationToken);
        log.LogInformation("Scheduled rounds for {Occurrence:o} (past due: {PastDue}): {Started}",
            occurrence, timer.IsPastDue, started.Count == 0 ? "none" : string.Join(", ", started));
    }
}
