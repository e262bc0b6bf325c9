using Mao.Core;
using Mao.Orchestrations.Scheduling;
using Mao.Site.Scheduling;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mao.Site.Tests.Scheduling;

public sealed class CronJobTests
{
    [Fact]
    public void Parse_TheFunctionsAppsSchedule_FiresEverySixHoursOnTheHour()
    {
        var schedule = CronJob.Parse(Schedules.ConsensusRounds, "test");
        var start = new DateTime(2026, 11, 27, 23, 30, 0, DateTimeKind.Utc);

        var next = schedule.GetNextOccurrences(start, start.AddDays(1)).Take(3).ToArray();

        Assert.Equal([new DateTime(2026, 11, 28, 0, 0, 0), new DateTime(2026, 11, 28, 6, 0, 0), new DateTime(2026, 11, 28, 12, 0, 0)], next);
    }

    [Fact]
    public void Parse_FiveFieldExpression_IsRefusedAsNotSixField() =>
        Assert.Contains("six-field", Assert.Throws<MaoFormatException>(() => CronJob.Parse("0 */6 * * *", "job")).Message);

    [Fact]
    public async Task Scheduler_EverySecondJob_RunsOnWholeSecondOccurrences()
    {
        var occurrences = new List<DateTime>();
        var job = new CronJob("tick", "* * * * * *", (occurrence, _) =>
        {
            lock (occurrences)
            {
                occurrences.Add(occurrence);
            }
            return Task.CompletedTask;
        });
        using var scheduler = new CronScheduler([job], TimeProvider.System, NullLogger<CronScheduler>.Instance);

        await scheduler.StartAsync(CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (Count() < 2)
        {
            await Task.Delay(50, timeout.Token);
        }
        await scheduler.StopAsync(CancellationToken.None);

        lock (occurrences)
        {
            Assert.All(occurrences, o => Assert.Equal(0, o.Millisecond));
            Assert.Equal(occurrences.Order(), occurrences);
            Assert.Equal(occurrences.Count, occurrences.Distinct().Count());
        }

        int Count()
        {
            lock (occurrences)
            {
                return occurrences.Count;
            }
        }
    }
}
