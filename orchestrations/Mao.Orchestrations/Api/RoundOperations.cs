using Mao.Core;
using Mao.Core.Model;
using Mao.Core.Serialization;
using Mao.Federation.Registry;
using Mao.Federation.Rounds;
using Mao.Orchestrations.Rounds;
using Microsoft.DurableTask.Client;

namespace Mao.Orchestrations.Api;

/// <summary>
/// What the HTTP front doors do (the Functions app's HTTP triggers and the site host's API call the same code):
/// start a round over one of this site's snapshots, take a peer's signed answer, read a round's status. Bodies are
/// parsed strictly and size-limited; the caller checked the operator key for starts (<see cref="ApiKeys"/>).
/// </summary>
public sealed class RoundOperations(DurableTaskClient client, ISnapshotLibrary library, RoundPlanner planner, RoundStarter starter, AnswerIntake intake, FederationRegistry registry)
{
    public const int MaxBodyBytes = 64 * 1024;

    public async Task<ApiReply> StartAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        try
        {
            CheckSize(body, "start request");
            var start = MaoJson.Parse<StartRoundBody>(body.Span, "start request");
            Identifier.Validate(start.Tool, "tool", "start request");
            if (start.RoundId is not null)
            {
                Identifier.Validate(start.RoundId, "round id", "start request");
            }
            var own = start.ContentId is null
                ? await library.NewestAsync(start.Tool, cancellationToken)
                : Core.Serialization.ContentId.IsWellFormed(start.ContentId) ? await library.FindAsync(start.ContentId, cancellationToken)
                : throw new MaoFormatException("start request", $"contentId '{Shorten(start.ContentId)}' is not a SHA-256 content id");
            if (own is null)
            {
                return ApiReply.Error(404, start.ContentId is null
                    ? $"this site holds no snapshot of tool '{start.Tool}' to verify"
                    : $"this site holds no snapshot {start.ContentId}");
            }
            if (own.Tool != start.Tool)
            {
                return ApiReply.Error(400, $"snapshot {own.ContentId} is of tool '{own.Tool}', not '{start.Tool}'");
            }
            var window = start.AnswerWindowSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
            var announcement = await planner.PlanAsync(own, start.RoundId, window, start.ExpectedPeers, cancellationToken);
            var outcome = await starter.StartAsync(announcement, cancellationToken);
            var claim = outcome.Claim;
            var reply = new RoundStarted(outcome.Outcome.ToString().ToLowerInvariant(), claim.Tool, claim.Round, claim.Period, claim.Site);
            return new ApiReply(outcome.Outcome == StartOutcome.Started ? 202 : 200, reply);
        }
        catch (MaoFormatException e)
        {
            return ApiReply.Error(400, e.Message);
        }
    }

    public async Task<ApiReply> ReceiveAnswerAsync(string tool, string round, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        if (!Identifier.IsValid(tool) || !Identifier.IsValid(round))
        {
            return ApiReply.Error(400, $"'{Shorten(tool)}/{Shorten(round)}' does not name a round (tool and round must be valid ids)");
        }
        try
        {
            CheckSize(body, "answer");
        }
        catch (MaoFormatException e)
        {
            return ApiReply.Error(400, e.Message);
        }
        var result = await intake.DeliverSignedAsync(tool, round, System.Text.Encoding.UTF8.GetString(body.Span), cancellationToken);
        var receipt = new AnswerReceipt(result.Status.ToString().ToLowerInvariant(), result.Message);
        return result.Status switch
        {
            IntakeStatus.Delivered => new ApiReply(202, receipt),
            IntakeStatus.Rejected => new ApiReply(403, receipt),
            IntakeStatus.NotOurs => new ApiReply(404, receipt),
            _ => new ApiReply(409, receipt), // late, or the round already holds an answer of that site
        };
    }

    public async Task<ApiReply> GetStatusAsync(string tool, string round, CancellationToken cancellationToken)
    {
        if (!Identifier.IsValid(tool) || !Identifier.IsValid(round))
        {
            return ApiReply.Error(400, $"'{Shorten(tool)}/{Shorten(round)}' does not name a round (tool and round must be valid ids)");
        }
        var instance = await client.GetInstanceAsync(RoundInstance.Id(tool, round), getInputsAndOutputs: true, cancellationToken);
        if (instance is null)
        {
            return ApiReply.Error(404, $"no round {tool}/{round} at this site");
        }
        var progress = instance.SerializedCustomStatus is not null ? instance.ReadCustomStatusAs<RoundProgress>() : null;
        var result = instance.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? instance.ReadOutputAs<RoundResult>() : null;
        return new ApiReply(200, new RoundStatus(tool, round, instance.RuntimeStatus.ToString(), instance.CreatedAt, instance.LastUpdatedAt,
            progress, result, Failure(instance), result is null ? null : await LateAsync(tool, round, result, cancellationToken)));
    }

    /// <summary>Valid answers in the registry that the finished round did not record: they came after it ended.</summary>
    private async Task<IReadOnlyList<string>> LateAsync(string tool, string round, RoundResult result, CancellationToken cancellationToken)
    {
        var recorded = result.Answered.ToHashSet(StringComparer.Ordinal);
        var answers = await registry.ReadAnswersAsync(tool, round, cancellationToken);
        return answers.Where(a => a.Accepted is { } verified && !recorded.Contains(verified.Message.Site))
            .Select(a => $"{a.Accepted!.Message.Site}: {a.Accepted.Message.Kind.ToString().ToLowerInvariant()}")
            .Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>Why an instance failed: the failure details, or (Azure Storage keeps it there) the output.</summary>
    private static string? Failure(OrchestrationMetadata instance) =>
        instance.RuntimeStatus != OrchestrationRuntimeStatus.Failed ? null
        : instance.FailureDetails?.ErrorMessage ?? instance.SerializedOutput ?? "failed without details";

    private static void CheckSize(ReadOnlyMemory<byte> body, string what)
    {
        if (body.Length > MaxBodyBytes)
        {
            throw new MaoFormatException(what, $"body has {body.Length} bytes, at most {MaxBodyBytes} are accepted");
        }
        if (body.IsEmpty)
        {
            throw new MaoFormatException(what, "body is empty: send a JSON object");
        }
    }

    private static string Shorten(string? text) =>
        text is null ? "" : new string((text.Length > 80 ? text[..80] + "..." : text).Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
