using Mao.Orchestrations.Activities;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Mao.Orchestrations.Rounds;

/// <summary>
/// One consensus round: announce, collect answers (external events) until every expected peer answered or the
/// deadline (a durable timer) passed, fetch each answering peer's snapshot (fan-out, sorted by site), verify,
/// publish. Deterministic: time only from the context, no I/O here, answers handled in site order.
/// </summary>
public sealed class ConsensusRoundOrchestrator : TaskOrchestrator<RoundRequest, RoundResult>
{
    /// <summary>
    /// Activities retry a few times (a peer's file share or storage may blip); they are idempotent. Bad input
    /// (a MaoFormatException: a forged or malformed snapshot) fails the same way every time, so it is not retried.
    /// </summary>
    private static readonly TaskOptions Retry = TaskOptions.FromRetryPolicy(new RetryPolicy(maxNumberOfAttempts: 3, firstRetryInterval: TimeSpan.FromSeconds(1))
    {
        HandleFailure = failure => failure.ErrorType != typeof(Core.MaoFormatException).FullName,
    });

    public override async Task<RoundResult> RunAsync(TaskOrchestrationContext context, RoundRequest round)
    {
        var log = context.CreateReplaySafeLogger<ConsensusRoundOrchestrator>();
        round.Validate($"round {context.InstanceId}");
        var book = new AnswerBook(round.ExpectedPeers);

        context.SetCustomStatus(new RoundProgress(RoundProgress.Announcing, [], book.Waiting));
        await context.CallActivityAsync<bool>(nameof(AnnounceRoundActivity), round, Retry);

        await CollectAnswersAsync(context, round, book, log);

        context.SetCustomStatus(new RoundProgress(RoundProgress.Fetching, book.Answered, book.Waiting));
        var snapshotAnswers = book.Answers.Where(a => !a.Accept).ToArray();
        var fetches = snapshotAnswers
            .Select(a => context.CallActivityAsync<SnapshotPointer>(nameof(FetchPeerSnapshotActivity),
                new FetchRequest(round.Tool, round.RoundId, a.Site, a.Snapshot!), Retry))
            .ToArray();
        var fetched = await Task.WhenAll(fetches);
        var candidates = snapshotAnswers.Select((a, i) => new SiteSnapshot(a.Site, fetched[i]))
            .Append(new SiteSnapshot(round.Announcer, round.LocalSnapshot))
            .OrderBy(c => c.Site, StringComparer.Ordinal)
            .ToArray();

        context.SetCustomStatus(new RoundProgress(RoundProgress.Verifying, book.Answered, book.Waiting));
        var verified = await context.CallActivityAsync<VerifyOutcome>(nameof(VerifyRoundActivity),
            new VerifyRequest(round.Tool, round.RoundId, round.Announcer, candidates), Retry);

        var accepted = book.Answers.Where(a => a.Accept).Select(a => a.Site).ToArray();
        context.SetCustomStatus(new RoundProgress(RoundProgress.Publishing, book.Answered, book.Waiting));
        var published = await context.CallActivityAsync<PublishOutcome>(nameof(PublishGroundTruthActivity),
            new PublishRequest(round.Tool, round.RoundId, round.Announcer, verified.GroundTruth, verified.Support, accepted, book.Waiting), Retry);

        context.SetCustomStatus(new RoundProgress(RoundProgress.Done, book.Answered, book.Waiting));
        log.LogInformation("Round {Round} of {Tool}: support {Support}, timed out {TimedOut}",
            round.RoundId, round.Tool, string.Join(',', verified.Support), string.Join(',', book.Waiting));
        return new RoundResult(round.Tool, round.RoundId, published.GroundTruth, verified.Support, accepted,
            book.Answered, book.Waiting, verified.Excluded, published.Created);
    }

    private static async Task CollectAnswersAsync(TaskOrchestrationContext context, RoundRequest round, AnswerBook book, ILogger log)
    {
        if (book.Complete)
        {
            return;
        }
        context.SetCustomStatus(new RoundProgress(RoundProgress.Collecting, book.Answered, book.Waiting));
        using var timerCancellation = new CancellationTokenSource();
        var deadline = context.CreateTimer(round.AnswersDue, timerCancellation.Token);
        // Bounded: junk or duplicate events cannot keep the round open forever (the deadline ends it anyway).
        var eventsLeft = 4 * round.ExpectedPeers.Count + 16;
        Task<RoundAnswer>? next = null;
        while (!book.Complete && eventsLeft-- > 0)
        {
            next ??= context.WaitForExternalEvent<RoundAnswer>(RoundAnswer.EventName);
            if (await Task.WhenAny(next, deadline) == deadline)
            {
                break;
            }
            var answer = await next;
            next = null;
            if (book.Record(answer))
            {
                context.SetCustomStatus(new RoundProgress(RoundProgress.Collecting, book.Answered, book.Waiting));
            }
            else
            {
                log.LogWarning("Round {Round}: ignored an answer from '{Site}' (not awaited, repeated or malformed)", round.RoundId, answer?.Site);
            }
        }
        if (!deadline.IsCompleted)
        {
            timerCancellation.Cancel();
        }
    }
}
