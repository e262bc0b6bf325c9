using Mao.Federation.Registry.Documents;
using Mao.Federation.Rounds;
using Mao.Orchestrations.Activities;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Mao.Orchestrations.Rounds;

/// <summary>
/// One consensus round, run by the announcing site: announce (signed, etcd), collect the peers' verified answers
/// (external events raised by the site's watch) until every expected peer answered or the deadline (a durable timer)
/// passed, fetch each answering peer's snapshot (fan-out, sorted by site; a bad peer is excluded and named, never
/// fatal), verify, publish. Deterministic: time only from the context, no I/O here, answers handled in site order.
/// </summary>
public sealed class ConsensusRoundOrchestrator : TaskOrchestrator<RoundAnnouncement, RoundResult>
{
    /// <summary>
    /// Activities retry a few times (storage or etcd may blip); they are idempotent. Bad input (a MaoFormatException)
    /// fails the same way every time, so it is not retried.
    /// </summary>
    private static readonly TaskOptions Retry = TaskOptions.FromRetryPolicy(new RetryPolicy(maxNumberOfAttempts: 5, firstRetryInterval: TimeSpan.FromSeconds(1), backoffCoefficient: 2)
    {
        HandleFailure = failure => failure.ErrorType != typeof(Core.MaoFormatException).FullName,
    });

    /// <summary>About a minute in all: a host restart, not an outage (an outage's peer is named and the round goes on).</summary>
    private static readonly TimeSpan[] UnreachableRetryDelays =
        [TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(16), TimeSpan.FromSeconds(30)];

    /// <summary>
    /// Bounds the events the collect loop takes, so the round's history stays bounded; past it the round only waits for
    /// its deadline (the sweep then reads the waiting peers' answers from etcd), so no number of events ends the
    /// collection early. The site's intake caps rejections and refuses unexpected sites' answers before they get here.
    /// </summary>
    private const int MaxEvents = 4096;

    public override async Task<RoundResult> RunAsync(TaskOrchestrationContext context, RoundAnnouncement round)
    {
        var log = context.CreateReplaySafeLogger<ConsensusRoundOrchestrator>();
        round.Validate($"round {context.InstanceId}");
        var book = new AnswerBook(round.ExpectedPeers);

        Status(context, RoundProgress.Announcing, book);
        await context.CallActivityAsync(nameof(AnnounceRoundActivity), round, Retry);

        await CollectAnswersAsync(context, round, book, log);

        Status(context, RoundProgress.Fetching, book);
        var fetched = await FetchSnapshotsAsync(context, round, book.Answers.Where(a => a.Kind == AnswerKind.Snapshot).ToArray(), log);
        foreach (var refused in fetched.Where(f => f.ContentId is null))
        {
            book.Reject(refused.Site, refused.Problem ?? "snapshot could not be fetched");
        }
        var candidates = fetched.Where(f => f.ContentId is not null)
            .Select(f => new Candidate(f.Site, f.ContentId!))
            .Append(new Candidate(round.Site, round.Snapshot.ContentId))
            .OrderBy(c => c.Site, StringComparer.Ordinal)
            .ToArray();

        Status(context, RoundProgress.Verifying, book);
        var verified = await context.CallActivityAsync<VerifyOutcome>(nameof(VerifyRoundActivity),
            new VerifyRequest(round.Tool, round.Round, round.Period, round.Site, candidates, round.Shards), Retry);

        Status(context, RoundProgress.Publishing, book);
        var accepted = book.Answers.Where(a => a.Kind == AnswerKind.Accept).Select(a => a.Site).ToArray();
        var rejected = book.Rejected.Concat(verified.Excluded).Order(StringComparer.Ordinal).Take(256).ToArray();
        var draft = new VerifiedResult(round.Tool, round.Period, round.Round, round.Site, 1, verified.GroundTruth,
            verified.Support, verified.Dissent, accepted, book.Waiting, rejected, context.CurrentUtcDateTime) { Shards = round.Shards };
        var published = await context.CallActivityAsync<PublishOutcome>(nameof(PublishGroundTruthActivity), draft, Retry);

        Status(context, RoundProgress.Done, book);
        log.LogInformation("Round {Tool}/{Round}: support {Support}, dissent {Dissent}, accepted {Accepted}, timed out {TimedOut}, rejected {Rejected}",
            round.Tool, round.Round, string.Join(',', verified.Support), string.Join(',', verified.Dissent), string.Join(',', accepted),
            string.Join(',', book.Waiting), rejected.Length);
        return new RoundResult(published.Standing, book.Answered, published.Created);
    }

    /// <summary>
    /// Fetches the answering peers' snapshots (fan-out, sorted by site). A peer that could not be reached at all (its
    /// process restarting right after it answered, its storage briefly away) is asked again after each of
    /// <see cref="UnreachableRetryDelays"/> (durable timers) before it is named; any other problem names it at once.
    /// </summary>
    private static async Task<FetchOutcome[]> FetchSnapshotsAsync(TaskOrchestrationContext context, RoundAnnouncement round, RoundAnswer[] answers, ILogger log)
    {
        Task<FetchOutcome> Fetch(RoundAnswer answer) => context.CallActivityAsync<FetchOutcome>(nameof(FetchPeerSnapshotActivity),
            new FetchRequest(round.Tool, round.Round, round.Period, answer.Site, answer.Snapshot!), Retry);

        var outcomes = (await Task.WhenAll(answers.Select(Fetch))).ToDictionary(o => o.Site, StringComparer.Ordinal);
        foreach (var delay in UnreachableRetryDelays)
        {
            var away = answers.Where(a => outcomes[a.Site].Unreachable).OrderBy(a => a.Site, StringComparer.Ordinal).ToArray();
            if (away.Length == 0)
            {
                break;
            }
            log.LogInformation("Round {Tool}/{Round}: {Sites} unreachable; fetching again in {Delay}", round.Tool, round.Round,
                string.Join(',', away.Select(a => a.Site)), delay);
            await context.CreateTimer(context.CurrentUtcDateTime + delay, CancellationToken.None);
            foreach (var again in await Task.WhenAll(away.Select(Fetch)))
            {
                outcomes[again.Site] = again;
            }
        }
        return outcomes.Values.OrderBy(f => f.Site, StringComparer.Ordinal).ToArray();
    }

    private static void Status(TaskOrchestrationContext context, string stage, AnswerBook book) =>
        context.SetCustomStatus(new RoundProgress(stage, book.Answered, book.Waiting, book.Rejected));

    private static async Task CollectAnswersAsync(TaskOrchestrationContext context, RoundAnnouncement round, AnswerBook book, ILogger log)
    {
        if (book.Complete)
        {
            return;
        }
        Status(context, RoundProgress.Collecting, book);
        using var timerCancellation = new CancellationTokenSource();
        var deadline = context.CreateTimer(round.AnswerBy.UtcDateTime, timerCancellation.Token);
        Task<RoundAnswer>? nextAnswer = null;
        Task<AnswerRejection>? nextRejection = null;
        // Only recorded answers of expected peers can end the wait early: junk and repeats never count toward it.
        for (var events = 0; !book.Complete; events++)
        {
            if (events == MaxEvents)
            {
                log.LogWarning("Round {Tool}/{Round}: {Events} answer events taken; waiting for the deadline without taking more", round.Tool, round.Round, events);
                await deadline;
                break;
            }
            nextAnswer ??= context.WaitForExternalEvent<RoundAnswer>(RoundAnswer.EventName);
            nextRejection ??= context.WaitForExternalEvent<AnswerRejection>(AnswerRejection.EventName);
            var first = await Task.WhenAny(nextAnswer, nextRejection, deadline);
            if (first == deadline)
            {
                break;
            }
            if (first == nextAnswer)
            {
                var answer = await nextAnswer;
                nextAnswer = null;
                var outcome = book.Record(answer, round.Tool, round.Round);
                log.LogInformation("Round {Tool}/{Round}: answer of {Site} {Outcome}", round.Tool, round.Round, answer.Site, outcome);
            }
            else
            {
                book.Record(await nextRejection);
                nextRejection = null;
            }
            Status(context, RoundProgress.Collecting, book);
        }
        if (!deadline.IsCompleted)
        {
            timerCancellation.Cancel();
        }
        if (!book.Complete)
        {
            // The registry is the record of who answered; events are how answers usually arrive early. Peers whose
            // event never came are looked up there before they are called timed out.
            var swept = await context.CallActivityAsync<RoundAnswer[]>(nameof(SweepAnswersActivity),
                new AnswerSweep(round.Tool, round.Round, book.Waiting), Retry);
            foreach (var answer in swept)
            {
                var outcome = book.Record(answer, round.Tool, round.Round);
                log.LogInformation("Round {Tool}/{Round}: answer of {Site} found in the registry at the deadline, {Outcome}", round.Tool, round.Round, answer.Site, outcome);
            }
        }
    }
}
