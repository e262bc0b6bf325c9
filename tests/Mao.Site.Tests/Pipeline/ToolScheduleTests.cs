using Mao.Core;
using Mao.Orchestrations.ToolRuns;
using Microsoft.Extensions.Configuration;

namespace Mao.Site.Tests.Pipeline;

/// <summary>Which tools get a job and at what schedule: the manifest's, the site's override, or none.</summary>
public sealed class ToolScheduleTests
{
    private static IConfiguration Config(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();

    [Fact]
    public void RunnableToolsOnly_ManifestScheduleByDefault_OverriddenBySectionOrVariable_OffSwitchesOff()
    {
        var schedules = ToolSchedules.For(["aws-sar", "artifacthub-helm", "bench", "dockerhub-tags", "dockerfile-lint", "dockerhub-arch"], ToolRunServices.Runnable,
            Config(("MAO_SCHEDULE_ARTIFACTHUB_HELM", "OFF")));

        // bench (external) and dockerhub-arch (aggregated from dockerhub-tags) have no built-in runner: no job.
        Assert.Equal([new ToolSchedule("artifacthub-helm", null), new ToolSchedule("aws-sar", "0 0 5 * * *"),
            new ToolSchedule("dockerfile-lint", "0 0 4 * * *"), new ToolSchedule("dockerhub-tags", "0 0 3 * * *")], schedules);
        Assert.Equal("*/5 * * * * *", ToolSchedules.Of("aws-sar", Config(("Mao:Schedules:aws-sar", "*/5 * * * * *"), ("MAO_SCHEDULE_AWS_SAR", "off"))).Expression);
        Assert.Equal("0 1 2 * * *", ToolSchedules.Of("aws-sar", Config(("MAO_SCHEDULE_AWS_SAR", " 0 1 2 * * * "))).Expression);
    }

    [Fact]
    public void BadOverride_NamesTheVariable()
    {
        var e = Assert.Throws<MaoFormatException>(() => ToolSchedules.Of("aws-sar", Config(("MAO_SCHEDULE_AWS_SAR", "0 5 * * *"))));
        Assert.Contains("MAO_SCHEDULE_AWS_SAR", e.Message);
    }

    [Theory]
    // Daily at 02:30, asked at 01:00: yesterday's occurrence is the latest, and today's comes later today.
    [InlineData("0 30 2 * * *", "2026-11-30T01:00:00Z", "2026-11-29@2026-11-29T02:30:00Z", "2026-11-30@2026-11-30T01:00:00Z")]
    // Asked at 03:00: today's occurrence is the latest; yesterday is no longer measured.
    [InlineData("0 30 2 * * *", "2026-11-30T03:00:00Z", "2026-11-30@2026-11-30T02:30:00Z")]
    // Every 3 s: today only, observed at the latest occurrence.
    [InlineData("*/3 * * * * *", "2026-11-30T12:00:01Z", "2026-11-30@2026-11-30T12:00:00Z")]
    // Sundays only (2026-11-29 is a Sunday), asked on the Monday after: that Sunday, not today.
    [InlineData("0 0 4 * * 0", "2026-11-30T12:00:00Z", "2026-11-29@2026-11-29T04:00:00Z")]
    public void MeasuredPeriods_LatestOccurrenceAndTodayWhenItFiresToday_NothingElse(string expression, string now, params string[] expected)
    {
        var periods = ToolSchedules.MeasuredPeriods(expression, DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(expected, periods.Select(p => $"{p.Period}@{p.ObservedAt.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}"));
    }
}
