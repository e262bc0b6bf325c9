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

    /// <summary>
    /// The Functions app's catch-up with the registry (answers, announcements, verified results since the last revision
    /// read): every 30 seconds. It also wakes a Functions app scaled to zero, whose watches then run while it is up.
    /// </summary>
    public const string FederationCatchUp = "*/30 * * * * *";

    /// <summary>The function name for <see cref="FederationCatchUp"/>.</summary>
    public const string FederationCatchUpJob = "FederationCatchUp";
}
