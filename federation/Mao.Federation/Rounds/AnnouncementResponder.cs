using System.Collections.Concurrent;
using Mao.Federation.Configuration;
using Mao.Federation.Registry;
using Mao.Federation.Registry.Documents;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Mao.Federation.Rounds;

/// <summary>
/// The peer side of rounds: watches every announcement and answers those naming this site as an expected peer, with
/// its comparable snapshot (same tool and period, same major tool version) or with "accept" (recorded as
/// accepted-unverified). Answers are idempotent, so answering again after a restart is harmless; answers after the
/// deadline are still written (the announcer records them as late). A failed answer is retried until it lands.
/// A sharded round (<see cref="RoundAnnouncement.Shards"/>) that names this site waits for this site's own shard: it
/// is asked again every second until this site's run has kept its snapshot, and accepts only once the deadline passed,
/// since an early "accept" would leave this site's shard out of the period's ground truth. Likewise a site whose own
/// run of the round's tool and period is under way (<see cref="IOwnMeasurements"/>) waits for its snapshot, but accepts
/// <see cref="AcceptMargin"/> before the deadline if the run is still going.
/// </summary>
public sealed class AnnouncementResponder(
    FederationRegistry registry, ISnapshotLibrary library, AcceptedMeasurements accepted, IOwnMeasurements own, FederationSettings settings,
    TimeProvider clock, ILogger<AnnouncementResponder> log) : BackgroundService
{
    /// <summary>How long before a round's deadline a site still measuring the period gives up waiting and accepts.</summary>
    public static readonly TimeSpan AcceptMargin = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);

    /// <summary>Announcements whose answer failed: the watch does not deliver them again, so they are retried from here.</summary>
    private readonly ConcurrentDictionary<(string Tool, string Round), RoundAnnouncement> _pending = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retries = RetryPendingAsync(stoppingToken);
        await ResilientWatch.RunAsync("Announcement", ct => registry.WatchAnnouncementsAsync(null, ct), async (change, ct) =>
        {
            if (change.Accepted is { } verified)
            {
                await TryAnswerAsync(verified.Message, ct);
            }
            else
            {
                log.LogWarning("Ignoring announcement at {Key}: {Reason}", change.Change.Key, change.Rejection?.Message);
            }
        }, (FirstDelay, MaxDelay), log, stoppingToken);
        await retries;
    }

    /// <summary>Answers the round if it asks this site; true when answered or nothing to do, false while waiting for its shard or its own run.</summary>
    public async Task<bool> AnswerAsync(RoundAnnouncement round, CancellationToken cancellationToken)
    {
        var me = settings.SiteId;
        if (round.Site == me || !round.ExpectedPeers.Contains(me, StringComparer.Ordinal))
        {
            return true;
        }
        if (await registry.Etcd.GetAsync(registry.Keys.Answer(round.Tool, round.Round, me), cancellationToken) is not null)
        {
            return true; // answered before (this run or an earlier one): the first answer stands
        }
        var pointer = await library.ComparableAsync(round.Tool, round.Period, round.Snapshot.ToolVersion, cancellationToken);
        RoundAnswer answer;
        // A deadline further off than any round may wait for answers is not waited for (the start route refuses such
        // windows): a signed announcement whose answerBy lies years ahead would keep this site polling all that time.
        var mayWait = round.AnswerBy - clock.GetUtcNow() <= FederationSettings.MaxAnswerWindow;
        if (pointer is null && mayWait && round.Shards is { } shards && shards.Sites.Contains(me, StringComparer.Ordinal) && clock.GetUtcNow() <= round.AnswerBy)
        {
            log.LogDebug("Round {Tool}/{Round}: waiting for this site's shard before answering", round.Tool, round.Round);
            return false;
        }
        // Sites on one schedule finish one after the other: accepting while measuring would verify against nobody's snapshot.
        if (pointer is null && mayWait && clock.GetUtcNow() < round.AnswerBy - AcceptMargin && await own.UnderWayAsync(round.Tool, round.Period, cancellationToken))
        {
            log.LogDebug("Round {Tool}/{Round}: this site's own run of {Period} is under way; answering when it is kept", round.Tool, round.Round, round.Period);
            return false;
        }
        if (pointer is null)
        {
            // Recorded before answering: an answer in etcd always has its local record.
            await accepted.RecordAsync(round, clock.GetUtcNow(), cancellationToken);
            answer = new RoundAnswer(round.Tool, round.Round, me, 1, AnswerKind.Accept);
        }
        else
        {
            answer = new RoundAnswer(round.Tool, round.Round, me, 1, AnswerKind.Snapshot, pointer);
        }
        var result = await registry.AnswerAsync(answer, cancellationToken);
        if (!result.Won)
        {
            // Our earlier answer of this round stands (e.g. we accepted, and the comparable snapshot came later).
            log.LogInformation("Round {Tool}/{Round}: an earlier answer of {Site} stands; not replaced", round.Tool, round.Round, me);
            return true;
        }
        var late = clock.GetUtcNow() > round.AnswerBy ? " (after the deadline)" : "";
        log.LogInformation("Round {Tool}/{Round} of {Announcer}: answered {Kind}{Late}", round.Tool, round.Round, round.Site, answer.Kind, late);
        return true;
    }

    /// <summary>True when the answer failed (the retries back off); a round waiting for this site's shard stays pending without backing off.</summary>
    private async Task<bool> TryAnswerAsync(RoundAnnouncement round, CancellationToken cancellationToken)
    {
        try
        {
            if (await AnswerAsync(round, cancellationToken))
            {
                _pending.TryRemove((round.Tool, round.Round), out _);
            }
            else
            {
                _pending[(round.Tool, round.Round)] = round;
            }
            return false;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            log.LogWarning("Round {Tool}/{Round}: answer failed ({Error}); will try again", round.Tool, round.Round, e.Message);
            _pending[(round.Tool, round.Round)] = round;
            return true;
        }
    }

    private async Task RetryPendingAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            await PauseAsync(delay, stoppingToken);
            var failed = false;
            foreach (var round in _pending.Values.ToList())
            {
                failed |= await TryAnswerAsync(round, stoppingToken).ContinueWith(t => !t.IsCompletedSuccessfully || t.Result, TaskScheduler.Default);
            }
            delay = failed ? Next(delay) : TimeSpan.FromSeconds(1);
        }
    }

    private static TimeSpan Next(TimeSpan delay) => TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxDelay.Ticks));

    private static Task PauseAsync(TimeSpan delay, CancellationToken cancellationToken) =>
        Task.Delay(delay, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
}
