using Mao.Federation.Configuration;
using Mao.Orchestrations.Api;
using Mao.Orchestrations.ToolRuns;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Mao.Functions;

/// <summary>
/// The tool-run routes, the site host's routes and code (<see cref="ToolRunOperations"/>, <see cref="RecentRuns"/>):
/// POST /api/runs runs a built-in tool now (function key, then the operator key), GET /api/runs lists today's and
/// yesterday's runs, GET /api/runs/{tool}/{period} shows one run's progress and result.
/// </summary>
public sealed class RunFunctions(RecentRuns runs, FrontDoors doors, FederationSettings settings)
{
    public const string ListRuns = "ListRuns";
    public const string StartRun = "StartRun";
    public const string GetRun = "GetRun";

    [Function(ListRuns)]
    public async Task<IActionResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "runs")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        (await runs.ListAsync(client, cancellationToken)).ToActionResult();

    [Function(StartRun)]
    public async Task<IActionResult> StartAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "runs")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        await JsonRequests.FromOperatorAsync(request, settings, body => doors.Runs(client).StartAsync(body, cancellationToken), cancellationToken);

    [Function(GetRun)]
    public async Task<IActionResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "runs/{tool}/{period}")] HttpRequest request,
        string tool,
        string period,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        (await doors.Runs(client).GetStatusAsync(tool, period, cancellationToken)).ToActionResult();
}
