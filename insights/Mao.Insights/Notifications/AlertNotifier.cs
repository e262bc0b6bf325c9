using System.Globalization;
using Mao.Core.Insights;
using Mao.Core.Insights.Alerts;
using Mao.Federation.Configuration;
using Mao.Federation.Registry;
using Mao.Federation.Registry.Documents;
using Mao.Federation.Rounds;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mao.Insights.Notifications;

/// <summary>
/// After this site accepts a verified result: the robust-z rule over the tool's alert series (MAO_ALERT_METRICS_&lt;TOOL&gt;,
/// default <c>records</c>) across the ground-truth days this site holds, and a signed notification for each alert on the
/// latest day. Only the latest day: older days' alerts were (or could have been) raised when those days were accepted.
/// Idempotent: the key comes from (tool, series, date, rule), so a re-run finds it taken and writes nothing.
/// </summary>
public sealed class AlertNotifier(GroundTruthDays days, FederationRegistry registry, FederationSettings settings, TimeProvider time,
    ILogger<AlertNotifier>? log = null) : IAcceptedResultListener
{
    private readonly ILogger _log = log ?? (ILogger)NullLogger.Instance;

    public async Task AcceptedAsync(VerifiedResult result, CancellationToken cancellationToken) =>
        await NotifyAsync(result.Tool, result.Period, result.Revision, cancellationToken);

    /// <summary>Evaluates the tool up to <paramref name="period"/>'s day and returns the notifications written now (not those already there).</summary>
    public async Task<IReadOnlyList<Notification>> NotifyAsync(string tool, string period, long revision, CancellationToken cancellationToken)
    {
        var last = DateOnly.ParseExact(period, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        // Enough calendar days for a full window even when a site missed some: gaps are skipped, not zeros.
        var found = await days.ListAsync(tool, last.AddDays(-Math.Min(4 * settings.AlertWindow, 730)), last, cancellationToken);
        // The period's own ground truth must be here (a failed fetch leaves it out): else the latest day held is an older
        // one, whose alerts were raised when it was accepted.
        if (found.Count == 0 || found[^1].Day != last)
        {
            return [];
        }
        var latest = last;
        var snapshots = new List<VerifiedSnapshot>(found.Count);
        foreach (var day in found)
        {
            var snapshot = await days.ReadAsync(day, cancellationToken);
            snapshots.Add(new VerifiedSnapshot(snapshot, day.VerifiedSupport ?? InsightReads.SupportColumn(snapshot)));
        }
        var rule = new RobustZRule(settings.AlertWindow);
        var written = new List<Notification>();
        foreach (var metric in settings.AlertMetricsOf(tool).Select(MetricQuery.Parse))
        {
            var series = SnapshotSeries.Build(metric.Text, snapshots, metric.Metric);
            foreach (var alert in rule.Evaluate(series).Where(a => a.Date == latest))
            {
                var note = new Notification(tool, period, settings.SiteId, revision, alert.Series, alert.Date, alert.Value, alert.Expected,
                    alert.Rule, alert.Severity.ToString().ToLowerInvariant(), time.GetUtcNow());
                // Looked up first: an identical re-write would also report success, and "written now" must mean new.
                if (await registry.Etcd.GetAsync(registry.Keys.Notification(note.Date, note.Site, note.Id), cancellationToken) is not null)
                {
                    continue;
                }
                if ((await registry.NotifyAsync(note, cancellationToken)).Won)
                {
                    written.Add(note);
                    _log.LogInformation("Alert on {Tool} {Series} {Date}: {Value} where {Expected} was expected ({Severity})",
                        tool, alert.Series, alert.Date, alert.Value, alert.Expected, note.Severity);
                }
            }
        }
        return written;
    }
}
