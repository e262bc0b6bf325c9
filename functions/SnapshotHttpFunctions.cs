using Mao.Orchestrations.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Mao.Functions;

/// <summary>
/// The gateway for external tools: POST /api/tools/{tool}/snapshots, the same route and the same code
/// (<see cref="SnapshotSubmissions"/>) as the site host's API. The tool's key authenticates; the function key is not needed.
/// </summary>
public sealed class SnapshotHttpFunctions(FrontDoors doors)
{
    public const string SubmitSnapshot = "SubmitSnapshot";

    [Function(SubmitSnapshot)]
    public async Task<IActionResult> SubmitAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "tools/{tool}/snapshots")] HttpRequest request,
        string tool,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        var submission = new SnapshotSubmission(tool, request.Headers.Authorization, request.Headers[SnapshotSubmission.KeyHeader],
            request.ContentType, request.Query["round"], request.Body);
        var reply = await doors.Submissions(client).SubmitAsync(submission, cancellationToken);
        return reply.ToActionResult();
    }
}
