using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Mao.Site.Scheduling;

/// <summary>
/// Runs each job at its next occurrence, one at a time per job. A failing run is logged and the job waits for its
/// next occurrence, like a Functions timer. Missed occurrences while the host was down are not replayed, except for
/// catching-up jobs (<see cref="CronJob.CatchUp"/>): those serve the latest missed occurrence once on start.
/// </summary>
public sealed class CronScheduler(IEnumerable<CronJob> jobs, TimeProvider clock, ILogger<CronScheduler> log, JobJournal? journal = null) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(jobs.Select(job => RunJobAsync(job, stoppingToken)));

    private async Task RunJobAsync(CronJob job, CancellationToken stoppingToken)
    {
        log.LogInformation("Scheduled {Job} at '{Expression}'", job.Name, job.Expression);
        var after = clock.GetUtcNow().UtcDateTime;
        if (job.CatchUp && journal is not null)
        {
            await CatchUpAsync(job, after, stoppingToken);
        }
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
                if (job.CatchUp && journal is not null)
                {
                    await journal.RecordAsync(job.Name, next, stoppingToken);
                }
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

    /// <summary>Serves the latest occurrence after the last recorded one and before now, if any; a first start has no record and misses nothing.</summary>
    private async Task CatchUpAsync(CronJob job, DateTime now, CancellationToken stoppingToken)
    {
        try
        {
            if (await journal!.LastAsync(job.Name, stoppingToken) is not { } last)
            {
                return;
            }
            var missed = job.Schedule.GetNextOccurrences(last, now.AddTicks(1)).DefaultIfEmpty().Last();
            if (missed == default)
            {
                return;
            }
            log.LogInformation("Scheduled {Job} missed occurrences since {Last:o}: running the latest ({Missed:o}) once", job.Name, last, missed);
            await job.Run(missed, stoppingToken);
            await journal.RecordAsync(job.Name, missed, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            log.LogError(e, "Scheduled job {Job}: catching up a missed occurrence failed; the next occurrence runs as usual", job.Name);
        }
    }
}
