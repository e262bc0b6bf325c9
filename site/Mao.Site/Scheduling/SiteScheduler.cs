using Mao.Orchestrations.Scheduling;
using Mao.Site.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Mao.Site.Scheduling;

/// <summary>The site's timer jobs: the same schedules (constants in orchestrations/) as the Functions app's timer triggers.</summary>
public static class SiteScheduler
{
    public static void Register(IServiceCollection services, SiteOptions options)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ScheduledRounds>();
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
        services.AddHostedService<CronScheduler>();
    }
}
