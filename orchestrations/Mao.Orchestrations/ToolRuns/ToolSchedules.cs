using Mao.Core;
using Mao.Core.Model;
using Mao.Tools.Manifests;
using Microsoft.Extensions.Configuration;

namespace Mao.Orchestrations.ToolRuns;

/// <summary>A tool's schedule at this site: the six-field NCRONTAB expression, or null when switched off.</summary>
public sealed record ToolSchedule(string Tool, string? Expression);

/// <summary>
/// When each tool this site runs (MAO_TOOLS) is run: its manifest's schedule unless the site overrides it with
/// <c>Mao:Schedules:&lt;tool&gt;</c> or <c>MAO_SCHEDULE_&lt;TOOL&gt;</c> (upper case, '-' as '_'); "off" switches it off.
/// Tools without a built-in runner (external tools post through the gateway) get no job.
/// </summary>
public static class ToolSchedules
{
    public const string Off = "off";

    public static string Variable(string tool) => "MAO_SCHEDULE_" + tool.ToUpperInvariant().Replace('-', '_');

    public static IReadOnlyList<ToolSchedule> For(IEnumerable<string> tools, IReadOnlyCollection<string> runnable, IConfiguration configuration) =>
        [.. tools.Where(runnable.Contains).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(tool => Of(tool, configuration))];

    public static ToolSchedule Of(string tool, IConfiguration configuration)
    {
        var configured = configuration[$"Mao:Schedules:{tool}"] ?? configuration[Variable(tool)];
        var manifest = ToolManifests.Find(tool);
        var expression = configured?.Trim() ?? manifest?.Schedule
            ?? throw new MaoFormatException("tool schedules", $"tool '{tool}' has no manifest schedule: set {Variable(tool)}");
        if (expression.Equals(Off, StringComparison.OrdinalIgnoreCase))
        {
            return new ToolSchedule(tool, null);
        }
        Schedules.Parse(expression, $"schedule of {tool} ({Variable(tool)})");
        return new ToolSchedule(tool, expression);
    }

    /// <summary>Look-backs for the latest occurrence, shortest first (NCRONTAB only counts forwards): a frequent schedule stops early.</summary>
    private static readonly TimeSpan[] LookBacks =
        [TimeSpan.FromMinutes(1), TimeSpan.FromHours(1), TimeSpan.FromDays(1), TimeSpan.FromDays(8), TimeSpan.FromDays(32), TimeSpan.FromDays(367)];

    /// <summary>
    /// The periods a schedule measures as of <paramref name="now"/>, each with the time a run of it observes: the period of
    /// its latest occurrence (what the scheduler serves on start, observed at that occurrence), and today when the schedule
    /// fires today (observed now, as a run started by hand). Nothing older, nothing later: the small window in which a site
    /// may start its own run because a peer asked it to verify that period.
    /// </summary>
    public static IReadOnlyList<(string Period, DateTimeOffset ObservedAt)> MeasuredPeriods(string expression, DateTimeOffset now)
    {
        var schedule = Schedules.Parse(expression, "tool schedule");
        var at = now.UtcDateTime;
        var periods = new List<(string, DateTimeOffset)>();
        foreach (var back in LookBacks)
        {
            var latest = schedule.GetNextOccurrences(at - back, at.AddTicks(1)).DefaultIfEmpty().Last();
            if (latest != default)
            {
                periods.Add((Period.Of(new DateTimeOffset(latest, TimeSpan.Zero)), new DateTimeOffset(latest, TimeSpan.Zero)));
                break;
            }
        }
        var today = Period.Of(now);
        if (periods.All(p => p.Item1 != today) && schedule.GetNextOccurrence(at.Date.AddTicks(-1)) < at.Date.AddDays(1))
        {
            periods.Add((today, now));
        }
        return periods;
    }
}
