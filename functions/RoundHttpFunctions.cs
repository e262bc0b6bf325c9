using Mao.Orchestrations.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Mao.Functions;

/// <summary>
/// HTTP triggers: start a round, post a peer's answer, read a round's status. Same routes as the site host's API
/// (/api/rounds, /api/rounds/{roundId}/answers, /api/rounds/{roundId}) and the same code behind (RoundOperations).
/// </summary>
public sealed class RoundHttpFunctions(FunctionSettings settings)
{
    public const string StartRound = "StartRound";
    public const string PostAnswer = "PostAnswer";
    public const string GetRound = "GetRound";

    [Function(StartRound)]
    public async Task<IActionResult> StartAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "rounds")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        var operations = new RoundOperations(client, settings.SiteId);
        return await WithBodyAsync(request, body => operations.StartAsync(body, cancellationToken), cancellationToken);
    }

    [Function(PostAnswer)]
    public async Task<IActionResult> PostAnswerAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "rounds/{roundId}/answers")] HttpRequest request,
        string roundId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        var operations = new RoundOperations(client, settings.SiteId);
        return await WithBodyAsync(request, body => operations.RaiseAnswerAsync(roundId, body, cancellationToken), cancellationToken);
    }

    [Function(GetRound)]
    public async Task<IActionResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "rounds/{roundId}")] HttpRequest request,
        string roundId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        (await new RoundOperations(client, settings.SiteId).GetStatusAsync(roundId, cancellationToken)).ToActionResult();

    private static async Task<IActionResult> WithBodyAsync(HttpRequest request, Func<ReadOnlyMemory<byte>, Task<ApiReply>> handle, CancellationToken ct)
    {
        if (!RequestBody.IsJson(request.ContentType))
        {
            return ApiReply.Error(415, $"send the body as application/json (got '{request.ContentType ?? "no content type"}')").ToActionResult();
        }
        var body = await RequestBody.ReadLimitedAsync(request.Body, ct);
        return body is null
            ? ApiReply.Error(413, $"body is larger than {RoundOperations.MaxBodyBytes} bytes").ToActionResult()
            : (await handle(body)).ToActionResult();
    }
}
