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

    /// <summary>Pack the dataset repositories' loose objects (libgit2 never does): daily at 03:17, off the round hours.</summary>
    public const string PackDatasets = "0 17 3 * * *";

    /// <summary>The scheduler job name for <see cref="PackDatasets"/>.</summary>
    public const string PackDatasetsJob = "PackDatasets";

    /// <summary>Push dataset branches whose earlier push failed (the remote was down or refused): hourly, at minute 41.</summary>
    public const string PushPendingDatasets = "0 41 * * * *";

    /// <summary>The scheduler job name for <see cref="PushPendingDatasets"/>.</summary>
    public const string PushPendingDatasetsJob = "PushPendingDatasets";

    /// <summary>
    /// Delete staging blobs a killed upload left (older than <c>SnapshotBlobs.StaleStagingAge</c>): daily at 04:29.
    /// Both hosts run it.
    /// </summary>
    public const string SweepStaging = "0 29 4 * * *";

    /// <summary>The scheduler job and function name for <see cref="SweepStaging"/>.</summary>
    public const string SweepStagingJob = "SweepStaging";
}
