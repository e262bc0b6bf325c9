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
/// </summary>
public sealed class AnnouncementResponder(
    FederationRegistry registry, ISnapshotLibrary library, AcceptedMeasurements accepted, FederationSettings settings, TimeProvider clock,
    ILogger<AnnouncementResponder> log) : BackgroundService
{
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

    /// <summary>Answers the round if it asks this site; true when answered or nothing to do.</summary>
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

    private async Task TryAnswerAsync(RoundAnnouncement round, CancellationToken cancellationToken)
    {
        try
        {
            await AnswerAsync(round, cancellationToken);
            _pending.TryRemove((round.Tool, round.Round), out _);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            log.LogWarning("Round {Tool}/{Round}: answer failed ({Error}); will try again", round.Tool, round.Round, e.Message);
            _pending[(round.Tool, round.Round)] = round;
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
                await TryAnswerAsync(round, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
                failed |= _pending.ContainsKey((round.Tool, round.Round));
            }
            delay = failed ? Next(delay) : TimeSpan.FromSeconds(1);
        }
    }

    private static TimeSpan Next(TimeSpan delay) => TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxDelay.Ticks));

    private static Task PauseAsync(TimeSpan delay, CancellationToken cancellationToken) =>
        Task.Delay(delay, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
}
