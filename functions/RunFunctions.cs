using Mao.Orchestrations.ToolRuns;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Mao.Functions;

/// <summary>GET /api/runs: each tool's runs today and yesterday, the site host's route and code (<see cref="RecentRuns"/>).</summary>
public sealed class RunFunctions(RecentRuns runs)
{
    public const string ListRuns = "ListRuns";

    [Function(ListRuns)]
    public async Task<IActionResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "runs")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        (await runs.ListAsync(client, cancellationToken)).ToActionResult();
}
