namespace Mao.Orchestrations.Scheduling;

/// <summary>
/// The timer schedules, defined once: the Functions app's TimerTrigger attributes and the site host's scheduler
/// use these very constants. Six-field NCRONTAB (seconds first), UTC, as Azure Functions reads them.
/// </summary>
public static class Schedules
{
    /// <summary>Open a consensus round for each tool's newest local snapshot: every 6 hours, on the hour.</summary>
    public const string ConsensusRounds = "0 0 */6 * * *";

    /// <summary>The function (and scheduler job) name for <see cref="ConsensusRounds"/>.</summary>
    public const string ConsensusRoundsJob = "ScheduledConsensusRounds";
}
