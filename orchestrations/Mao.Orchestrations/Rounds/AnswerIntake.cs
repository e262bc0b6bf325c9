using System.Collections.Concurrent;
using Mao.Federation.Identity;
using Mao.Federation.Registry;
using Mao.Federation.Registry.Documents;
using Mao.Federation.Rounds;
using Microsoft.DurableTask.Client;

namespace Mao.Orchestrations.Rounds;

/// <summary>What became of an answer delivered to this site.</summary>
public enum IntakeStatus
{
    /// <summary>Raised to the running round.</summary>
    Delivered,

    /// <summary>Refused (unsigned, forged, replayed, copied); raised to the round as a rejection when the round is ours and running.</summary>
    Rejected,

    /// <summary>No round of that tool and id runs on this site.</summary>
    NotOurs,

    /// <summary>The round has ended: the answer stays recorded in the registry, as a late answer.</summary>
    Late,

    /// <summary>
    /// The round already holds an answer of that site: raised all the same (the round's answer book names a different
    /// one as replayed or second, and takes an identical one as a repeat), but the first answer stands.
    /// </summary>
    AlreadyAnswered,
}

public sealed record IntakeResult(IntakeStatus Status, string Message);

/// <summary>
/// Delivers peers' answers to the round orchestrations of this site: verified answers as the "answer" event, refused
/// ones as "rejected-answer" so the round names them. Used by the etcd watch (<see cref="AnswerRelay"/>) and the HTTP
/// answer route alike. Rejections are capped per round so junk cannot grow a round's history without bound.
/// </summary>
public sealed class AnswerIntake(DurableTaskClient client, FederationRegistry registry)
{
    public const int MaxRejectionsPerRound = 32;
    private static readonly TimeSpan StartWait = TimeSpan.FromSeconds(15);
    private readonly ConcurrentDictionary<string, int> _rejections = new(StringComparer.Ordinal);

    public Task<IntakeResult> DeliverAsync(SignedEvent<RoundAnswer> change, CancellationToken cancellationToken) =>
        change.Accepted is { } verified
            ? DeliverAsync(verified.Message, cancellationToken)
            : RejectAsync(change.Change.Key, change.Rejection!.Reason, cancellationToken);

    /// <summary>Opens a signed answer posted over HTTP and delivers it as if it came through the registry.</summary>
    public async Task<IntakeResult> DeliverSignedAsync(string tool, string round, string json, CancellationToken cancellationToken)
    {
        var where = $"answer posted to {tool}/{round}";
        Verified<RoundAnswer> verified;
        try
        {
            verified = await registry.Verifier.OpenAsync<RoundAnswer>(json, where, cancellationToken);
        }
        catch (MessageRejectedException e)
        {
            return await RejectAsync(tool, round, ClaimedSigner(json), e.Reason, cancellationToken);
        }
        if (verified.Message.Tool != tool || verified.Message.Round != round)
        {
            return await RejectAsync(tool, round, verified.Message.Site, $"answer belongs to {verified.Message.Tool}/{verified.Message.Round}", cancellationToken);
        }
        return await DeliverAsync(verified.Message, cancellationToken);
    }

    private async Task<IntakeResult> DeliverAsync(RoundAnswer answer, CancellationToken cancellationToken)
    {
        var instanceId = RoundInstance.Id(answer.Tool, answer.Round);
        var instance = await RunningAsync(instanceId, cancellationToken);
        if (instance is null)
        {
            return new IntakeResult(IntakeStatus.NotOurs, $"no round {answer.Tool}/{answer.Round} runs at this site");
        }
        if (instance.IsCompleted)
        {
            return new IntakeResult(IntakeStatus.Late, $"round {answer.Tool}/{answer.Round} is already {instance.RuntimeStatus}: the answer of {answer.Site} is recorded as late");
        }
        // A signed answer of a site the round does not expect is refused here, as a capped rejection, not raised as an
        // answer: so a registered site cannot grow the round's history or wear down its event bound with answers.
        if (instance.ReadInputAs<RoundAnnouncement>() is { } round && !round.ExpectedPeers.Contains(answer.Site, StringComparer.Ordinal))
        {
            return await RejectAsync(answer.Tool, answer.Round, answer.Site, "not an expected peer of this round", cancellationToken);
        }
        var answered = instance.SerializedCustomStatus is not null
            && instance.ReadCustomStatusAs<RoundProgress>()?.Answered.Contains(answer.Site, StringComparer.Ordinal) == true;
        await client.RaiseEventAsync(instanceId, RoundAnswer.EventName, answer, cancellationToken);
        return answered
            ? new IntakeResult(IntakeStatus.AlreadyAnswered,
                $"round {answer.Tool}/{answer.Round} already holds an answer of {answer.Site}: the first answer stands (a different one is named among the rejected)")
            : new IntakeResult(IntakeStatus.Delivered, $"answer of {answer.Site} delivered to round {answer.Tool}/{answer.Round}");
    }

    private Task<IntakeResult> RejectAsync(string key, string reason, CancellationToken cancellationToken) =>
        registry.Keys.ParseAnswer(key) is { } parts
            ? RejectAsync(parts.Tool, parts.Round, parts.Site, reason, cancellationToken)
            : Task.FromResult(new IntakeResult(IntakeStatus.NotOurs, $"{key}: {reason}"));

    private async Task<IntakeResult> RejectAsync(string tool, string round, string source, string reason, CancellationToken cancellationToken)
    {
        var instanceId = RoundInstance.Id(tool, round);
        var instance = await RunningAsync(instanceId, cancellationToken);
        var message = $"answer of {source} to {tool}/{round} rejected: {reason}";
        if (instance is { IsCompleted: false } && _rejections.AddOrUpdate(instanceId, 1, (_, n) => n + 1) <= MaxRejectionsPerRound)
        {
            await client.RaiseEventAsync(instanceId, AnswerRejection.EventName, new AnswerRejection(source, reason), cancellationToken);
        }
        return new IntakeResult(IntakeStatus.Rejected, message);
    }

    /// <summary>Who an unverifiable message says it is from, marked as a claim (the named site may have sent nothing).</summary>
    private static string ClaimedSigner(string json)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(json, Core.Serialization.MaoJson.DocumentOptions);
            return document.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                   && document.RootElement.TryGetProperty("signer", out var signer) && Core.Model.Identifier.IsValid(signer.GetString())
                ? $"claimed {signer.GetString()}"
                : "(unverified sender)";
        }
        catch (System.Text.Json.JsonException)
        {
            return "(unverified sender)";
        }
    }

    /// <summary>
    /// The instance with its input (the announcement), waited for until it runs: an event raised in the instant an
    /// instance is created can be lost.
    /// </summary>
    private async Task<OrchestrationMetadata?> RunningAsync(string instanceId, CancellationToken cancellationToken)
    {
        var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
        if (instance?.RuntimeStatus == OrchestrationRuntimeStatus.Pending)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(StartWait);
            instance = await client.WaitForInstanceStartAsync(instanceId, getInputsAndOutputs: true, wait.Token);
        }
        return instance;
    }
}
