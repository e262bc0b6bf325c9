using Mao.Federation.Identity;
using Mao.Federation.Registry;
using Mao.Federation.Registry.Documents;
using Mao.Federation.Rounds;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mao.Orchestrations.Rounds;

/// <summary>What one catch-up pass read and did: messages read per prefix, and what came of them.</summary>
public sealed record CatchUpReport(int AnswersRead, int AnswersDelivered, int AnnouncementsRead, int VerifiedRead, int DecisionsMade);

/// <summary>
/// Reads what the registry gained since the last pass and handles it as the watches would have: answers go to
/// <see cref="AnswerIntake"/> (this site's running rounds), announcements to the peer side (<see cref="AnnouncementResponder"/>),
/// verified results to this site's decisions (<see cref="VerifiedWatcher"/>). The Functions app's timer runs it because
/// a host on Flex Consumption scales to zero and its watches stop with it. How far each prefix was read is kept in
/// <see cref="CatchUpCursors"/>; the cursor moves only past messages that were handled, and every handler is idempotent,
/// so a pass that fails half-way, or overlaps the watches, repeats work but loses and doubles nothing.
/// </summary>
public sealed class FederationCatchUp(FederationRegistry registry, CatchUpCursors cursors, IServiceProvider services, ILogger<FederationCatchUp> log)
{
    public const string Answers = "answers";
    public const string Announcements = "announcements";
    public const string Verified = "verified";

    // The hosted instances are not resolvable by type; these are stateless apart from their retry lists, which a pass does not need.
    private readonly Lazy<AnnouncementResponder> _responder = new(() => ActivatorUtilities.CreateInstance<AnnouncementResponder>(services));
    private readonly Lazy<VerifiedWatcher> _watcher = new(() => ActivatorUtilities.CreateInstance<VerifiedWatcher>(services));

    public async Task<CatchUpReport> RunAsync(AnswerIntake intake, CancellationToken cancellationToken)
    {
        var delivered = 0;
        var answers = await PassAsync(Answers, registry.ReadAnswersSinceAsync, async change =>
        {
            var result = await intake.DeliverAsync(change, cancellationToken);
            AnswerRelay.Log(log, result);
            delivered += result.Status == IntakeStatus.Delivered ? 1 : 0;
        }, cancellationToken);
        var announcements = await PassAsync(Announcements, registry.ReadAnnouncementsSinceAsync, async change =>
        {
            if (Opened(change) is { } round)
            {
                await _responder.Value.AnswerAsync(round, cancellationToken);
            }
        }, cancellationToken);
        var decisions = 0;
        var verified = await PassAsync(Verified, registry.ReadVerifiedSinceAsync, async change =>
        {
            if (Opened(change) is { } result)
            {
                decisions += (await _watcher.Value.DecideAsync(result, cancellationToken)).Created ? 1 : 0;
            }
        }, cancellationToken);
        return new CatchUpReport(answers, delivered, announcements, verified, decisions);
    }

    /// <summary>Handles the messages after the cursor in revision order, then moves the cursor; on a failure, to just before the failed message.</summary>
    private async Task<int> PassAsync<T>(string name, Func<long, CancellationToken, Task<SignedRange<T>>> read, Func<SignedEvent<T>, Task> handle,
        CancellationToken cancellationToken) where T : ISignedMessage
    {
        var cursor = await cursors.ReadAsync(name, cancellationToken);
        var range = await read(cursor.Revision, cancellationToken);
        foreach (var change in range.Events)
        {
            try
            {
                await handle(change);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Messages of one revision (a transaction) are all handled again next time: handlers are idempotent.
                await cursors.AdvanceAsync(cursor, change.Change.ModRevision - 1, CancellationToken.None);
                throw new InvalidOperationException($"catch-up of {name}: handling {change.Change.Key} (revision {change.Change.ModRevision}) failed: {e.Message}", e);
            }
        }
        if (!await cursors.AdvanceAsync(cursor, range.Revision, cancellationToken))
        {
            log.LogInformation("Catch-up of {Name}: another instance moved the cursor in {Table} first; its value stands", name, cursors.Name);
        }
        return range.Events.Count;
    }

    private T? Opened<T>(SignedEvent<T> change) where T : class, ISignedMessage
    {
        if (change.Accepted is { } verified)
        {
            return verified.Message;
        }
        log.LogWarning("Catch-up: not acting on {Key}: {Reason}", change.Change.Key, change.Rejection?.Reason ?? "unreadable");
        return null;
    }
}
