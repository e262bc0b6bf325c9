using Mao.Orchestrations.Scheduling;
using Mao.Orchestrations.ToolRuns;
using Mao.Site.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Mao.Site.Scheduling;

/// <summary>
/// The site's timer jobs: the consensus rounds (the same schedule constant as the Functions app's timer trigger) and one
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
}
