using Mao.Federation.Rounds;
using Mao.Federation.Store;
using Mao.Orchestrations.Scheduling;
using Mao.Orchestrations.ToolRuns;
using Mao.Site.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Mao.Site.Scheduling;

/// <summary>
/// The site's timer jobs: the consensus rounds (the same schedule constant as the Functions app's timer trigger), dataset
/// upkeep (packing daily, pushing what a failed push left behind hourly, see <see cref="DatasetUpkeep"/>), the daily
/// sweep of stale staging blobs (<see cref="SnapshotBlobs.DeleteStaleStagingAsync"/>) and one
/// job per tool this site runs (MAO_TOOLS), at the tool manifest's schedule or the site's override (see <see cref="ToolSchedules"/>).
/// </summary>
public static class SiteScheduler
{
    /// <summary>Job names of tool runs: "run:&lt;tool&gt;" (also the key of its last served occurrence).</summary>
    public static string ToolJob(string tool) => $"run:{tool}";

    public static void Register(IServiceCollection services, SiteOptions options, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ScheduledRounds>();
        services.TryAddSingleton<JobJournal>();
        services.TryAddSingleton<DatasetUpkeep>();
        if (!options.SchedulerEnabled)
        {
            return;
        }
        services.AddSingleton(s =>
        {
            var rounds = s.GetRequiredService<ScheduledRounds>();
            var log = s.GetRequiredService<ILogger<ScheduledRounds>>();
            return new CronJob(Schedules.ConsensusRoundsJob, Schedules.ConsensusRounds, async (occurrence, ct) =>
            {
                var started = await rounds.StartDueRoundsAsync(ct);
                log.LogInformation("Scheduled rounds for {Occurrence:o}: {Started}", occurrence, started.Count == 0 ? "none" : string.Join(", ", started));
            });
        });
        services.AddSingleton(s => DatasetJob(s, Schedules.PackDatasetsJob, Schedules.PackDatasets,
            async (upkeep, ct) => string.Join(", ", (await upkeep.PackAllAsync(ct)).Select(p => $"{p.Tool}: {p.LooseRemoved} of {p.LooseBefore} loose"))));
        services.AddSingleton(s => DatasetJob(s, Schedules.PushPendingDatasetsJob, Schedules.PushPendingDatasets,
            async (upkeep, ct) => string.Join(", ", await upkeep.PushPendingAsync(ct))));
        services.AddSingleton(s => new CronJob(Schedules.SweepStagingJob, Schedules.SweepStaging, async (occurrence, ct) =>
        {
            var deleted = await s.GetRequiredService<SnapshotStore>().Blobs
                .DeleteStaleStagingAsync(new DateTimeOffset(occurrence, TimeSpan.Zero) - SnapshotBlobs.StaleStagingAge, ct);
            s.GetRequiredService<ILogger<SnapshotStore>>().LogInformation("{Job} for {Occurrence:o}: {Deleted} stale staging blob(s) deleted", Schedules.SweepStagingJob, occurrence, deleted);
        }));
        foreach (var schedule in ToolSchedules.For(options.Federation.Tools, ToolRunServices.Runnable, configuration).Where(s => s.Expression is not null))
        {
            services.AddSingleton(s => new CronJob(ToolJob(schedule.Tool), schedule.Expression!, async (occurrence, ct) =>
            {
                // The occurrence is the run's observation time: a run per tool and day, started once however often the job fires.
                var outcome = await s.GetRequiredService<ToolRunStarter>().StartAsync(schedule.Tool, new DateTimeOffset(occurrence, TimeSpan.Zero), ct);
                s.GetRequiredService<ILogger<ToolRunStarter>>().LogInformation("Tool run {Tool} for {Occurrence:o}: {Outcome}", schedule.Tool, occurrence, outcome);
            }, catchUp: true));
        }
        services.AddHostedService<CronScheduler>();
    }

    /// <summary>A dataset upkeep job: its work returns what it did, for the log.</summary>
    private static CronJob DatasetJob(IServiceProvider services, string name, string expression, Func<DatasetUpkeep, CancellationToken, Task<string>> work) =>
        new(name, expression, async (occurrence, ct) =>
        {
            var done = await work(services.GetRequiredService<DatasetUpkeep>(), ct);
            services.GetRequiredService<ILogger<DatasetUpkeep>>().LogInformation("{Job} for {Occurrence:o}: {Done}", name, occurrence, done.Length == 0 ? "nothing to do" : done);
        });
}
