using Mao.Federation.Configuration;
using Mao.Federation.Rounds;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mao.Orchestrations.ToolRuns;

/// <summary>
/// This site's measurement of a (tool, period), for the peer side of rounds: under way while its tool run's orchestration
/// is pending or running (between ContinueAsNew generations too, as <see cref="ToolRunOperations.ShownStatus"/> shows it).
/// When there is no run of the period yet (a host just restarted, before its scheduler fired), a site that runs the tool on
/// a schedule starts it through <see cref="ToolRunStarter"/> (one run per tool and period) and is then measuring — but only
/// for a period its schedule measures now (<see cref="ToolSchedules.MeasuredPeriods"/>): an announcer cannot make it crawl
/// an old or future day. A run that failed, finished, or was kept (its ledger marker) is never started from here.
/// Both hosts use it; they differ in where the durable client comes from and in how a tool is switched off.
/// </summary>
public sealed class OwnToolRuns(
    Func<CancellationToken, Task<DurableTaskClient?>> client, Func<string, bool> switchedOff, bool scheduled, IConfiguration configuration,
    IServiceProvider services, FederationSettings settings, RunLedger ledger, TimeProvider clock, ILogger<OwnToolRuns> log) : IOwnMeasurements
{
    /// <summary>The site host: its client is in DI; a host with the scheduler off (<c>--no-scheduler</c>) starts no runs.</summary>
    public static OwnToolRuns ForSiteHost(IServiceProvider services, bool scheduled) => Create(services,
        _ => Task.FromResult<DurableTaskClient?>(services.GetRequiredService<DurableTaskClient>()), _ => false, scheduled, services.GetRequiredService<IConfiguration>());

    /// <summary>
    /// Any host: <paramref name="client"/> gives the durable client, or null while the host has none yet (the Functions app
    /// gets one from its first trigger); <paramref name="switchedOff"/> says whether a tool's timer is off besides "off".
    /// </summary>
    public static OwnToolRuns Create(IServiceProvider services, Func<CancellationToken, Task<DurableTaskClient?>> client, Func<string, bool> switchedOff,
        bool scheduled, IConfiguration configuration) =>
        ActivatorUtilities.CreateInstance<OwnToolRuns>(services, client, switchedOff, scheduled, configuration);

    public async Task<bool> MeasuringAsync(string tool, string period, CancellationToken cancellationToken)
    {
        var measured = Measured(tool);
        var periods = measured is null ? [] : ToolSchedules.MeasuredPeriods(measured, clock.GetUtcNow());
        var startAt = periods.Where(p => p.Period == period).Select(p => (DateTimeOffset?)p.ObservedAt).FirstOrDefault();
        if (await client(cancellationToken) is not { } durable)
        {
            // No client yet (Functions: until a trigger ran): a site that would start this run holds its answer meanwhile.
            log.LogDebug("Run of {Tool} for {Period}: no durable client yet", tool, period);
            return startAt is not null;
        }
        if (await durable.GetInstanceAsync(ToolRunInstance.Id(tool, period), cancellationToken) is { } run)
        {
            // However it was started (schedule, operator, an earlier round): a run under way is waited for.
            return ToolRunOperations.ShownStatus(run.RuntimeStatus) is nameof(OrchestrationRuntimeStatus.Running) or nameof(OrchestrationRuntimeStatus.Pending);
        }
        if (measured is null || await ledger.KeptAsync(tool, period, cancellationToken) is not null)
        {
            return false; // not run here on a schedule; or kept, its instance purged, and the snapshot not comparable
        }
        if (startAt is not { } observedAt)
        {
            log.LogInformation("Not starting a run of {Tool} for {Period} to answer a round: this site's schedule ({Schedule}) measures {Periods} now, "
                + "and a run is only started for those", tool, period, measured, string.Join(" and ", periods.Select(p => p.Period)));
            return false;
        }
        var starter = ActivatorUtilities.CreateInstance<ToolRunStarter>(services, durable);
        var outcome = await starter.StartAsync(tool, observedAt, cancellationToken);
        log.LogInformation("Run of {Tool} for {Period} started to answer a round with this site's own snapshot: {Outcome}", tool, period, outcome);
        return true;
    }

    /// <summary>The tool's schedule when this site runs it on one (in MAO_TOOLS, a built-in runner, not switched off), else null.</summary>
    private string? Measured(string tool)
    {
        if (!scheduled || !settings.Tools.Contains(tool, StringComparer.Ordinal) || !ToolRunServices.Runnable.Contains(tool) || switchedOff(tool))
        {
            return null;
        }
        return ToolSchedules.Of(tool, configuration).Expression;
    }
}
