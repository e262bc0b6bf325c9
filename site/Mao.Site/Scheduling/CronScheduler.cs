using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Mao.Site.Scheduling;

/// <summary>
/// Runs each job at its next occurrence, one at a time per job. A failing run is logged and the job waits for its
/// next occurrence, like a Functions timer; missed occurrences while the host was down are not replayed.
/// </summary>
public sealed class CronScheduler(IEnumerable<CronJob> jobs, TimeProvider clock, ILogger<CronScheduler> log) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(jobs.Select(job => RunJobAsync(job, stoppingToken)));

    private async Task RunJobAsync(CronJob job, CancellationToken stoppingToken)
    {
        log.LogInformation("Scheduled {Job} at '{Expression}'", job.Name, job.Expression);
        var after = clock.GetUtcNow().UtcDateTime;
        while (!stoppingToken.IsCancellationRequested)
        {
            var next = job.Schedule.GetNextOccurrence(after);
            var wait = next - clock.GetUtcNow().UtcDateTime;
            try
            {
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, clock, stoppingToken);
                }
                await job.Run(next, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogError(e, "Scheduled job {Job} failed for {Occurrence:o}; next try at the next occurrence", job.Name, next);
            }
            after = next;
        }
    }
}
