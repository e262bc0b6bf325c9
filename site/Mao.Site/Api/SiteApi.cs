using Mao.Orchestrations.Api;
using Mao.Site.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask.Client;

namespace Mao.Site.Api;

/// <summary>
/// The site's HTTP API on 127.0.0.1, mirroring the Functions app's HTTP triggers (same routes, same code behind):
/// <code>
/// POST /api/rounds                      start a round            202, 400, 409, 413, 415
/// POST /api/rounds/{roundId}/answers    raise a peer's answer    202, 400, 404, 409, 413, 415
/// GET  /api/rounds/{roundId}            status and result        200, 400, 404
/// GET  /api/health                      site id and task hub     200
/// POST /api/tools/{tool}/snapshots      an external tool's run   201, 200, 400, 401, 403, 404, 413, 415
/// </code>
/// </summary>
public static class SiteApi
{
    public const string RoundsRoute = "rounds";
    public const string AnswersRoute = "rounds/{roundId}/answers";
    public const string StatusRoute = "rounds/{roundId}";
    public const string SnapshotsRoute = "tools/{tool}/snapshots";

    public static void Map(IEndpointRouteBuilder endpoints, SiteOptions options)
    {
        var api = endpoints.MapGroup("/api");
        api.MapPost(RoundsRoute, async (HttpRequest request, RoundOperations rounds, CancellationToken ct) =>
            await WithBodyAsync(request, body => rounds.StartAsync(body, ct), ct));
        api.MapPost(AnswersRoute, async (string roundId, HttpRequest request, RoundOperations rounds, CancellationToken ct) =>
            await WithBodyAsync(request, body => rounds.RaiseAnswerAsync(roundId, body, ct), ct));
        api.MapGet(StatusRoute, async (string roundId, RoundOperations rounds, CancellationToken ct) =>
            Reply(await rounds.GetStatusAsync(roundId, ct)));
        api.MapPost(SnapshotsRoute, async (string tool, HttpRequest request, SnapshotSubmissions gateway, DurableTaskClient client, CancellationToken ct) =>
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
                return Reply(await gateway.SubmitAsync(submission, client, ct));
            }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                return Reply(ApiReply.Error(413, $"snapshot exceeds the limit of {options.Gateway.MaxSnapshotBytes} bytes"));
            }
        });
        api.MapGet("health", () => Results.Json(new { site = options.SiteId, taskHub = options.EffectiveTaskHub }, ApiJson.Options));
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

    private static IResult Reply(ApiReply reply) => Results.Json(reply.Body, ApiJson.Options, statusCode: reply.StatusCode);
}
