using Mao.Orchestrations.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;

namespace Mao.Functions;

/// <summary>
/// The anonymous reads, the same routes and code (<see cref="SiteReads"/>) as the site host's API: a snapshot's bytes
/// for peers, this site's decisions and verified results, and health. They change nothing, so they need no key.
/// </summary>
public sealed class SiteReadFunctions(SiteReads reads, DependencyCheck dependencies, IConfiguration configuration)
{
    public const string DownloadSnapshot = "DownloadSnapshot";
    public const string ListVerified = "ListVerified";
    public const string GetVerified = "GetVerified";
    public const string Health = "Health";

    [Function(DownloadSnapshot)]
    public async Task<IActionResult> DownloadAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "snapshots/{contentId}")] HttpRequest request,
        string contentId,
        CancellationToken cancellationToken)
    {
        var (download, error) = await reads.SnapshotAsync(contentId, cancellationToken);
        if (download?.Content is not { } content)
        {
            return error!.ToActionResult();
        }
        // Content-addressed: the same id is the same bytes forever, so a client holding them is answered 304.
        var etag = EntityTags.OfSnapshot(contentId);
        request.HttpContext.Response.Headers.ETag = etag;
        if (EntityTags.Matches(request.Headers.IfNoneMatch.Count == 0 ? null : request.Headers.IfNoneMatch.ToString(), etag))
        {
            await content.DisposeAsync();
            return new StatusCodeResult(StatusCodes.Status304NotModified);
        }
        // FileStreamResult disposes the stream once the response is written.
        return new FileStreamResult(content, download.ContentType);
    }

    [Function(ListVerified)]
    public async Task<IActionResult> ListVerifiedAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "verified")] HttpRequest request,
        CancellationToken cancellationToken) =>
        (await reads.DecisionsAsync(request.Query["tool"].FirstOrDefault(), cancellationToken,
            request.Query["from"].FirstOrDefault(), request.Query["to"].FirstOrDefault(), request.Query["limit"].FirstOrDefault())).ToActionResult();

    [Function(GetVerified)]
    public async Task<IActionResult> GetVerifiedAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "verified/{tool}/{period}")] HttpRequest request,
        string tool,
        string period,
        CancellationToken cancellationToken) =>
        (await reads.VerifiedAsync(tool, period, cancellationToken)).ToActionResult();

    /// <summary>
    /// Storage and etcd probed (the site host's <see cref="DependencyCheck"/>): 200 when both answer, else 503 with
    /// Retry-After naming what is down. The task hub is host.json's, which names MAO_TASK_HUB (Bicep sets it).
    /// </summary>
    [Function(Health)]
    public async Task<IActionResult> HealthAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request,
        CancellationToken cancellationToken) =>
        (await reads.HealthAsync(configuration["MAO_TASK_HUB"] ?? "(MAO_TASK_HUB not set)", dependencies, cancellationToken)).ToActionResult(request);
}
