using Mao.Core;
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
}
