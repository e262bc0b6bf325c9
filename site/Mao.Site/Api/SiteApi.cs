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
/// GET  /api/verified[?tool=]               this site's accept-or-keep decisions 200, 400
/// GET  /api/verified/{tool}/{period}        the verified result and the decision 200, 400, 404
/// GET  /api/health                          site id, task hub, storage and etcd up/down  200, 503
/// (every other route answers 503 with Retry-After while storage or etcd is unreachable)
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
        var api = endpoints.MapGroup("/api");
        api.MapPost(RoundsRoute, (HttpRequest request, RoundOperations rounds, CancellationToken ct) => Guarded(request.HttpContext, async () =>
            ApiKeys.Matches(apiKey, request.Headers.Authorization, request.Headers[ApiKeys.Header])
                ? await WithBodyAsync(request, body => rounds.StartAsync(body, ct), ct)
                : Reply(ApiKeys.Refusal())));
        api.MapPost(AnswersRoute, (string tool, string round, HttpRequest request, RoundOperations rounds, CancellationToken ct) =>
            Guarded(request.HttpContext, () => WithBodyAsync(request, body => rounds.ReceiveAnswerAsync(tool, round, body, ct), ct)));
        api.MapGet(StatusRoute, (string tool, string round, HttpContext http, RoundOperations rounds, CancellationToken ct) =>
            Guarded(http, async () => Reply(await rounds.GetStatusAsync(tool, round, ct))));
        api.MapPost(SnapshotsRoute, (string tool, HttpRequest request, SnapshotSubmissions gateway, CancellationToken ct) => Guarded(request.HttpContext, async () =>
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
        }));
        api.MapGet(DownloadRoute, (string contentId, HttpContext http, SiteReads reads, CancellationToken ct) => Guarded(http, async () =>
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
        }));
        api.MapGet(VerifiedListRoute, (string? tool, HttpContext http, SiteReads reads, CancellationToken ct) =>
            Guarded(http, async () => Reply(await reads.DecisionsAsync(tool, ct))));
        api.MapGet(VerifiedRoute, (string tool, string period, HttpContext http, SiteReads reads, CancellationToken ct) =>
            Guarded(http, async () => Reply(await reads.VerifiedAsync(tool, period, ct))));
        api.MapPost(RunsRoute, (HttpRequest request, ToolRunOperations runs, CancellationToken ct) => Guarded(request.HttpContext, async () =>
            ApiKeys.Matches(apiKey, request.Headers.Authorization, request.Headers[ApiKeys.Header])
                ? await WithBodyAsync(request, body => runs.StartAsync(body, ct), ct)
                : Reply(ApiKeys.Refusal())));
        api.MapGet(RunsRoute, (HttpContext http, RecentRuns runs, DurableTaskClient client, CancellationToken ct) =>
            Guarded(http, async () => Reply(await runs.ListAsync(client, ct))));
        api.MapGet(RunStatusRoute, (string tool, string period, HttpContext http, ToolRunOperations runs, CancellationToken ct) =>
            Guarded(http, async () => Reply(await runs.GetStatusAsync(tool, period, ct))));
        api.MapGet(HealthRoute, async (HttpContext http, SiteReads reads, DependencyCheck dependencies, CancellationToken ct) =>
        {
            var health = await reads.HealthAsync(options.EffectiveTaskHub, dependencies, ct);
            RetryLater(http, health.StatusCode);
            return Reply(health);
        });
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
    /// Runs a route that needs storage or etcd: 503 with Retry-After at once when the (cached) probe finds either down,
    /// and 503 too when the call fails because one stopped answering, instead of a 500 after the SDKs' retries.
    /// </summary>
    private static async Task<IResult> Guarded(HttpContext http, Func<Task<IResult>> handle)
    {
        var dependencies = http.RequestServices.GetRequiredService<DependencyCheck>();
        var state = await dependencies.CheckAsync(http.RequestAborted);
        if (!state.AllUp)
        {
            return Unavailable(http, state.Describe());
        }
        try
        {
            return await handle();
        }
        catch (Exception e) when (!http.RequestAborted.IsCancellationRequested && !http.Response.HasStarted)
        {
            if (DependencyCheck.IsUnreachable(e) || !(state = await dependencies.CheckAsync(http.RequestAborted, fresh: true)).AllUp)
            {
                return Unavailable(http, state.AllUp ? $"a dependency did not answer ({e.GetType().Name})" : state.Describe());
            }
            throw;
        }
    }

    private static IResult Unavailable(HttpContext http, string problem)
    {
        RetryLater(http, StatusCodes.Status503ServiceUnavailable);
        return Reply(DependencyCheck.Unavailable(problem));
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
