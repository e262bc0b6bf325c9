using Mao.Orchestrations.Rounds;
using Mao.Orchestrations.Scheduling;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Mao.Functions;

/// <summary>
/// The timer that keeps a Functions app which scales to zero in the federation: each run reads the answers,
/// announcements and verified results written since the revision the previous run saw (<see cref="FederationCatchUp"/>)
/// and handles them; it also wakes the app, whose watches (answers, announcements, verified results) then run until it
/// idles again, re-reading everything when they start.
/// </summary>
public sealed class CatchUpFunctions(FrontDoors doors, FederationCatchUp catchUp, ILogger<CatchUpFunctions> log)
{
    [Function(Schedules.FederationCatchUpJob)]
    public async Task CatchUpAsync(
        [TimerTrigger(Schedules.FederationCatchUp)] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        var report = await catchUp.RunAsync(doors.Intake(client), cancellationToken);
        log.LogInformation("Catch-up (past due: {PastDue}): {Report}", timer.IsPastDue, report);
    }
}
