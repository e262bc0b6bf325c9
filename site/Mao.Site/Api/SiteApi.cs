using Mao.Orchestrations.Api;
using Mao.Orchestrations.ToolRuns;
using Mao.Site.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.DurableTask.Client;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Mao.Site.Api;

/// <summary>
/// The site's HTTP API, mirroring the Functions app's HTTP triggers (same routes, same code behind). Every route that
/// changes state is authenticated: the operator key, a peer's signature, or an external tool's key.
/// <code>
/// POST /api/rounds                          start a round (operator key)      202, 200, 400, 401, 404, 413, 415
/// POST /api/rounds/{tool}/{round}/answers   a peer's signed answer            202, 400, 403, 404, 409, 413, 415
/// GET  /api/rounds/{tool}/{round}           status and result                 200, 400, 404
/// GET  /api/snapshots/{contentId}         a snapshot's canonical bytes (ETag: the id) 200, 304, 400, 404
/// GET  /api/verified[?tool=&amp;from=&amp;to=&amp;limit=] this site's decisions, newest first 200, 400
/// GET  /api/verified/{tool}/{period}        the verified result and the decision 200, 400, 404
/// GET  /api/health                          site id, task hub, storage and etcd up/down  200, 503
/// (every other /api route, insights included, answers 503 with Retry-After while storage or etcd is unreachable;
/// the dashboard's own files need neither and are always served)
/// POST /api/tools/{tool}/snapshots          an external tool's run (tool key) 201, 200, 400, 401, 403, 404, 413, 415
/// POST /api/runs                            run a built-in tool now (operator key) 202, 200, 400, 401, 404, 413, 415
/// GET  /api/runs                            each tool's runs today and yesterday (<see cref="RecentRuns"/>) 200
/// GET  /api/runs/{tool}/{period}            a tool run's progress and result  200, 400, 404
/// GET  /api/series|charts|alerts|artefacts|sites   insights over this site's ground truth (<see cref="InsightApi"/>)
/// GET  / and /dashboard                      the dashboard (<see cref="DashboardPages"/>)
/// </code>
/// </summary>
public static class SiteApi
{
    public const string RoundsRoute = "rounds";
    public const string AnswersRoute = "rounds/{tool}/{round}/answers";
    public const string StatusRoute = "rounds/{tool}/{round}";
    public const string SnapshotsRoute = "tools/{tool}/snapshots";
    public const string DownloadRoute = "snapshots/{contentId}";
    public const string VerifiedListRoute = "verified";
    public const string VerifiedRoute = "verified/{tool}/{period}";
    public const string RunsRoute = "runs";
    public const string RunStatusRoute = "runs/{tool}/{period}";
    public const string HealthRoute = "health";

    public static void Map(IEndpointRouteBuilder endpoints, SiteOptions options, string apiKey)
    {
        // Health reports the dependencies itself; every other /api route runs behind them (RequireDependencies).
        endpoints.MapGet("/api/" + HealthRoute, async (HttpContext http, SiteReads reads, DependencyCheck dependencies, CancellationToken ct) =>
        {
            var health = await reads.HealthAsync(options.EffectiveTaskHub, dependencies, ct);
            RetryLater(http, health.StatusCode);
            return Reply(health);
        });
        var api = endpoints.MapGroup("/api").AddEndpointFilter(RequireDependencies);
        api.MapPost(RoundsRoute, async (HttpRequest request, RoundOperations rounds, CancellationToken ct) =>
            ApiKeys.Matches(apiKey, request.Headers.Authorization, request.Headers[ApiKeys.Header])
                ? await WithBodyAsync(request, body => rounds.StartAsync(body, ct), ct)
                : Reply(ApiKeys.Refusal()));
        api.MapPost(AnswersRoute, (string tool, string round, HttpRequest request, RoundOperations rounds, CancellationToken ct) =>
            WithBodyAsync(request, body => rounds.ReceiveAnswerAsync(tool, round, body, ct), ct));
        api.MapGet(StatusRoute, async (string tool, string round, RoundOperations rounds, CancellationToken ct) =>
            Reply(await rounds.GetStatusAsync(tool, round, ct)));
        api.MapPost(SnapshotsRoute, async (string tool, HttpRequest request, SnapshotSubmissions gateway, CancellationToken ct) =>
        {
            // Snapshots are far larger than the round API's bodies: this route alone gets the gateway's own limit.
            if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            {
                size.MaxRequestBodySize = options.Gateway.MaxSnapshotBytes + 1;
            }
            var submission = new SnapshotSubmission(tool, request.Headers.Authorization, request.Headers[SnapshotSubmission.KeyHeader],
                request.ContentType, request.Query["round"], request.Body);
            try
            {
                return Reply(await gateway.SubmitAsync(submission, ct));
            }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                return Reply(ApiReply.Error(413, $"snapshot exceeds the limit of {options.Gateway.MaxSnapshotBytes} bytes"));
            }
        });
        api.MapGet(DownloadRoute, async (string contentId, HttpContext http, SiteReads reads, CancellationToken ct) =>
        {
            var (download, error) = await reads.SnapshotAsync(contentId, ct);
            if (download?.Content is not { } content)
            {
                return Reply(error!);
            }
            http.Response.RegisterForDispose(content);
            // Content-addressed: the same id is the same bytes forever, so a client holding them is answered 304.
            var etag = EntityTags.OfSnapshot(contentId);
            http.Response.Headers.ETag = etag;
            return EntityTags.Matches(http.Request.Headers.IfNoneMatch.Count == 0 ? null : http.Request.Headers.IfNoneMatch.ToString(), etag)
                ? Results.StatusCode(StatusCodes.Status304NotModified)
                : Results.Stream(content, download.ContentType);
        });
        api.MapGet(VerifiedListRoute, async (string? tool, string? from, string? to, string? limit, SiteReads reads, CancellationToken ct) =>
            Reply(await reads.DecisionsAsync(tool, ct, from, to, limit)));
        api.MapGet(VerifiedRoute, async (string tool, string period, SiteReads reads, CancellationToken ct) =>
            Reply(await reads.VerifiedAsync(tool, period, ct)));
        api.MapPost(RunsRoute, async (HttpRequest request, ToolRunOperations runs, CancellationToken ct) =>
            ApiKeys.Matches(apiKey, request.Headers.Authorization, request.Headers[ApiKeys.Header])
                ? await WithBodyAsync(request, body => runs.StartAsync(body, ct), ct)
                : Reply(ApiKeys.Refusal()));
        api.MapGet(RunsRoute, async (RecentRuns runs, DurableTaskClient client, CancellationToken ct) => Reply(await runs.ListAsync(client, ct)));
        api.MapGet(RunStatusRoute, async (string tool, string period, ToolRunOperations runs, CancellationToken ct) =>
            Reply(await runs.GetStatusAsync(tool, period, ct)));
        InsightApi.Map(api);
        DashboardPages.Map(endpoints);
    }

    private static async Task<IResult> WithBodyAsync(HttpRequest request, Func<ReadOnlyMemory<byte>, Task<ApiReply>> handle, CancellationToken ct)
    {
        if (!RequestBody.IsJson(request.ContentType))
        {
            return Reply(ApiReply.Error(415, $"send the body as application/json (got '{request.ContentType ?? "no content type"}')"));
        }
        var body = await HttpBody.ReadLimitedAsync(request, ct);
        return body is null
            ? Reply(ApiReply.Error(413, $"body is larger than {RoundOperations.MaxBodyBytes} bytes"))
            : Reply(await handle(body));
    }

    /// <summary>
    /// The filter every /api route but health runs behind (the insight routes too): the site host's
    /// <see cref="DependencyCheck.GuardAsync"/>, so a route answers 503 with Retry-After at once while storage or etcd is
    /// down, and when its call fails because one stopped answering, instead of a 500 after the SDKs' retries.
    /// </summary>
    private static async ValueTask<object?> RequireDependencies(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        object? result = null;
        var refusal = await http.RequestServices.GetRequiredService<DependencyCheck>()
            .GuardAsync(async () => result = await next(context), () => !http.Response.HasStarted, http.RequestAborted);
        return refusal is null ? result : Unavailable(http, refusal);
    }

    private static IResult Unavailable(HttpContext http, ApiReply refusal)
    {
        RetryLater(http, refusal.StatusCode);
        return Reply(refusal);
    }

    private static void RetryLater(HttpContext http, int status)
    {
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            http.Response.Headers.RetryAfter = DependencyCheck.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    private static IResult Reply(ApiReply reply) => Results.Json(reply.Body, ApiJson.Options, statusCode: reply.StatusCode);
}
