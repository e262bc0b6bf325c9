using Mao.Federation.Rounds;
using Mao.Orchestrations.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Mao.Functions;

/// <summary>
/// HTTP triggers: start a round (operator key), post a peer's signed answer, read a round's status. Same routes as the
/// site host's API and the same code behind (RoundOperations).
/// </summary>
public sealed class RoundHttpFunctions(FrontDoors doors, Federation.Configuration.FederationSettings settings)
{
    public const string StartRound = "StartRound";
    public const string PostAnswer = "PostAnswer";
    public const string GetRound = "GetRound";

    [Function(StartRound)]
    public async Task<IActionResult> StartAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "rounds")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        await JsonRequests.FromOperatorAsync(request, settings, body => doors.Rounds(client).StartAsync(body, cancellationToken), cancellationToken);

    [Function(PostAnswer)]
    public async Task<IActionResult> PostAnswerAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "rounds/{tool}/{round}/answers")] HttpRequest request,
        string tool,
        string round,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        await JsonRequests.WithBodyAsync(request, body => doors.Rounds(client).ReceiveAnswerAsync(tool, round, body, cancellationToken), cancellationToken);

    [Function(GetRound)]
    public async Task<IActionResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "rounds/{tool}/{round}")] HttpRequest request,
        string tool,
        string round,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        (await doors.Rounds(client).GetStatusAsync(tool, round, cancellationToken)).ToActionResult();
}
