using Mao.Core;
using Mao.Core.Model;
using Mao.Core.Serialization;
using Mao.Orchestrations.Rounds;
using Microsoft.DurableTask.Client;

namespace Mao.Orchestrations.Api;

/// <summary>
/// What the HTTP front doors do (the Functions app's HTTP triggers and the site host's API call the same code):
/// start a round, raise a peer's answer, read a round's status. Bodies are parsed strictly and size-limited.
/// </summary>
public sealed class RoundOperations(DurableTaskClient client, string siteId, TimeProvider? clock = null)
{
    public const int MaxBodyBytes = 64 * 1024;
    public const int DefaultAnswerWindowSeconds = 300;
    public const int MaxAnswerWindowSeconds = 7 * 24 * 3600;
    private static readonly TimeSpan StartWait = TimeSpan.FromSeconds(15);

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public async Task<ApiReply> StartAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        RoundRequest request;
        try
        {
            request = ParseStart(body);
        }
        catch (MaoFormatException e)
        {
            return ApiReply.Error(400, e.Message);
        }
        return await RoundStarter.TryStartAsync(client, request, cancellationToken)
            ? new ApiReply(202, request)
            : ApiReply.Error(409, $"round '{request.RoundId}' already exists: pick another round id");
    }

    public async Task<ApiReply> RaiseAnswerAsync(string roundId, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        if (!Identifier.IsValid(roundId))
        {
            return ApiReply.Error(400, $"round id '{Truncate(roundId)}' is not a valid id");
        }
        RoundAnswer answer;
        try
        {
            CheckSize(body, "answer");
            answer = MaoJson.Parse<RoundAnswer>(body.Span, $"answer to round '{roundId}'");
            answer.Validate($"answer to round '{roundId}'");
        }
        catch (MaoFormatException e)
        {
            return ApiReply.Error(400, e.Message);
        }
        var instance = await client.GetInstanceAsync(roundId, cancellationToken);
        if (instance is null)
        {
            return ApiReply.Error(404, $"no round '{roundId}'");
        }
        if (instance.RuntimeStatus == OrchestrationRuntimeStatus.Pending)
        {
            // An event raised in the instant the instance is created can be lost: wait until it runs.
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(StartWait);
            instance = await client.WaitForInstanceStartAsync(roundId, wait.Token);
        }
        if (instance.IsCompleted)
        {
            return ApiReply.Error(409, $"round '{roundId}' is already {instance.RuntimeStatus}: answers are closed");
        }
        await client.RaiseEventAsync(roundId, RoundAnswer.EventName, answer, cancellationToken);
        return new ApiReply(202, answer);
    }

    public async Task<ApiReply> GetStatusAsync(string roundId, CancellationToken cancellationToken)
    {
        if (!Identifier.IsValid(roundId))
        {
            return ApiReply.Error(400, $"round id '{Truncate(roundId)}' is not a valid id");
        }
        var instance = await client.GetInstanceAsync(roundId, getInputsAndOutputs: true, cancellationToken);
        if (instance is null)
        {
            return ApiReply.Error(404, $"no round '{roundId}'");
        }
        var progress = instance.SerializedCustomStatus is not null ? instance.ReadCustomStatusAs<RoundProgress>() : null;
        var result = instance.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? instance.ReadOutputAs<RoundResult>() : null;
        return new ApiReply(200, new RoundStatus(roundId, instance.RuntimeStatus.ToString(), instance.CreatedAt, instance.LastUpdatedAt,
            progress, result, Failure(instance)));
    }

    /// <summary>Why an instance failed: the failure details, or (Azure Storage keeps it there) the output.</summary>
    private static string? Failure(OrchestrationMetadata instance) =>
        instance.RuntimeStatus != OrchestrationRuntimeStatus.Failed ? null
        : instance.FailureDetails?.ErrorMessage ?? instance.SerializedOutput ?? "failed without details";

    /// <summary>Parses and validates a start body into the orchestration's input; throws MaoFormatException.</summary>
    public RoundRequest ParseStart(ReadOnlyMemory<byte> body)
    {
        CheckSize(body, "start request");
        var start = MaoJson.Parse<StartRoundBody>(body.Span, "start request");
        if (start.AnswersDue is not null && start.AnswerWindowSeconds is not null)
        {
            throw new MaoFormatException("start request", "give either answersDue or answerWindowSeconds, not both");
        }
        var window = start.AnswerWindowSeconds ?? DefaultAnswerWindowSeconds;
        if (window is < 0 or > MaxAnswerWindowSeconds)
        {
            throw new MaoFormatException("start request", $"answerWindowSeconds {window} is outside 0..{MaxAnswerWindowSeconds}");
        }
        var due = start.AnswersDue ?? _clock.GetUtcNow().UtcDateTime.AddSeconds(window);
        var request = new RoundRequest(start.Tool, start.RoundId, start.Announcer ?? siteId, start.LocalSnapshot,
            start.ExpectedPeers ?? [], due);
        request.Validate("start request");
        return request;
    }

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

    private static string Truncate(string text) => text.Length > 80 ? text[..80] + "..." : text;
}
