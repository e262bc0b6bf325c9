using NCrontab;

namespace Mao.Site.Scheduling;

/// <summary>A job the scheduler runs at each occurrence of a six-field NCRONTAB expression (UTC), as Functions timers do.</summary>
public sealed class CronJob
{
    public CronJob(string name, string expression, Func<DateTime, CancellationToken, Task> run, bool catchUp = false)
    {
        Name = name;
        Expression = expression;
        Schedule = Parse(expression, name);
        Run = run;
        CatchUp = catchUp;
    }

    public string Name { get; }
    public string Expression { get; }
    public CrontabSchedule Schedule { get; }

    /// <summary>
    /// When set, the scheduler records each served occurrence (<see cref="JobJournal"/>) and, on start, serves once the
    /// latest occurrence missed since the last recorded one: a host that was down runs the job once, not once per miss.
    /// </summary>
    public bool CatchUp { get; }

    /// <summary>Called with the occurrence (UTC) being served.</summary>
    public Func<DateTime, CancellationToken, Task> Run { get; }

    public static CrontabSchedule Parse(string expression, string name) =>
        CrontabSchedule.TryParse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = true })
        ?? throw new Core.MaoFormatException($"schedule of {name}", $"'{expression}' is not a six-field NCRONTAB expression (second minute hour day month weekday)");
}
