using System.Globalization;
using Mao.Federation.Configuration;
using Mao.Federation.Identity;
using Mao.Federation.Registry;
using Mao.Federation.Registry.Documents;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mao.Federation.Rounds;

/// <summary>
/// The accepting side of a round: watches /mao/verified/ (every site's prefix) and, for every verified result whose
/// signature checks out and whose round won its period's claim (FederationRegistry refuses any other),
/// records this site's decision once per (tool, period): "kept-own" when it holds an own snapshot of the tool observed
/// later than the ground truth's measurement, else "accepted" (the publishing site too). Rejected (forged, altered,
/// replayed) values are logged and never applied. After an error the watch reconnects with backoff and sees every
/// result again; decisions already recorded stand, so re-delivery changes nothing.
/// </summary>
public sealed class VerifiedWatcher(FederationRegistry registry, ISnapshotLibrary library, FederationSettings settings,
    ILogger<VerifiedWatcher>? log = null, SiteDecisions? decisions = null, TimeProvider? time = null, ISnapshotFetcher? fetcher = null,
    IEnumerable<IAcceptedResultListener>? listeners = null) : BackgroundService
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private readonly ILogger _log = log ?? (ILogger)NullLogger.Instance;
    private readonly SiteDecisions _decisions = decisions ?? new SiteDecisions(settings);
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>How many verified results were turned into a (new or standing) decision: for tests and health output.</summary>
    public long Handled => Interlocked.Read(ref _handled);

    private long _handled;

    // A fresh view per connection: its replay guard has seen nothing, so a result whose decision failed to be recorded
    // before the error is delivered again instead of being skipped as a duplicate.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        ResilientWatch.RunAsync("Verified result",
            ct => new FederationRegistry(registry.Etcd, registry.Signer, new ReplayGuard(), _log).WatchVerifiedAsync(null, ct),
            HandleAsync, (FirstBackoff, MaxBackoff), _log, stoppingToken, _time);

    private async Task HandleAsync(SignedEvent<VerifiedResult> change, CancellationToken cancellationToken)
    {
        if (change.Accepted is not { } accepted)
        {
            _log.LogWarning("Not applying the value at {Key}: {Reason}", change.Change.Key, change.Rejection?.Reason ?? "unreadable");
            return;
        }
        var (decision, created) = await DecideAsync(accepted.Message, cancellationToken);
        Interlocked.Increment(ref _handled);
        if (created)
        {
            _log.LogInformation("Verified {Tool}/{Period} of round {Round} by {Publisher}: {Decision} ({Reason})",
                decision.Tool, decision.Period, decision.Round, decision.Publisher, decision.Decision, decision.Reason);
            if (decision.Decision == SiteDecisions.Accepted)
            {
                await TellListenersAsync(accepted.Message, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Only on a new acceptance: a restart replays every verified result, and re-evaluating all of them would cost a read
    /// of every day each time. A listener's failure is logged, not retried here: the decision already stands.
    /// </summary>
    private async Task TellListenersAsync(VerifiedResult result, CancellationToken cancellationToken)
    {
        foreach (var listener in listeners ?? [])
        {
            try
            {
                await listener.AcceptedAsync(result, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                _log.LogWarning(e, "After accepting {Tool}/{Period}, {Listener} failed: {Reason}", result.Tool, result.Period, listener.GetType().Name, e.Message);
            }
        }
    }

    /// <summary>The standing decision for the result's (tool, period), made now if there is none yet.</summary>
    public async Task<(SiteDecision Decision, bool Created)> DecideAsync(VerifiedResult result, CancellationToken cancellationToken)
    {
        if (await _decisions.GetAsync(result.Tool, result.Period, cancellationToken) is { } standing)
        {
            return (standing, false);
        }
        var truth = result.Snapshot;
        var own = await library.NewestAsync(result.Tool, cancellationToken);
        var decision = own is not null && own.ObservedAt > truth.ObservedAt
            ? new SiteDecision(result.Tool, result.Period, SiteDecisions.KeptOwn, result.Round, result.Site, truth.ContentId, own.ContentId, own.ObservedAt,
                $"holds a newer measurement {own.ContentId} observed at {Time(own.ObservedAt)} than the ground truth's {Time(truth.ObservedAt)}", _time.GetUtcNow())
            : new SiteDecision(result.Tool, result.Period, SiteDecisions.Accepted, result.Round, result.Site, truth.ContentId, null, null,
                own is null ? "holds no own measurement of the tool"
                : $"own newest measurement {own.ContentId} observed at {Time(own.ObservedAt)} is not newer than the ground truth's {Time(truth.ObservedAt)}",
                _time.GetUtcNow());
        if (decision.Decision == SiteDecisions.Accepted && fetcher is not null && result.Site != settings.SiteId)
        {
            // Accepting means holding the ground truth: this site's view (and its API) can then serve it itself.
            var fetched = await fetcher.FetchAsync(new FetchRequest(result.Tool, result.Round, result.Period, truth.Site, truth, HeldBy: result.Site), cancellationToken);
            decision = decision with
            {
                Reason = decision.Reason + (fetched.ContentId is not null ? "; ground truth fetched into this site's store" : $"; ground truth not fetched: {fetched.Problem}"),
            };
        }
        return await _decisions.RecordAsync(decision, cancellationToken);
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
