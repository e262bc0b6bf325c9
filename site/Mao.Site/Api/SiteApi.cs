using Mao.Orchestrations.Api;
using Mao.Site.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Mao.Site.Api;

/// <summary>
/// The site's HTTP API on 127.0.0.1, mirroring the Functions app's HTTP triggers (same routes, same code behind):
/// <code>
/// POST /api/rounds                      start a round            202, 400, 409, 413, 415
/// POST /api/rounds/{roundId}/answers    raise a peer's answer    202, 400, 404, 409, 413, 415
/// GET  /api/rounds/{roundId}            status and result        200, 400, 404
/// GET  /api/health                      site id and task hub     200
/// </code>
/// </summary>
public static class SiteApi
{
    public const string RoundsRoute = "rounds";
    public const string AnswersRoute = "rounds/{roundId}/answers";
    public const string StatusRoute = "rounds/{roundId}";

    public static void Map(IEndpointRouteBuilder endpoints, SiteOptions options)
    {
        var api = endpoints.MapGroup("/api");
        api.MapPost(RoundsRoute, async (HttpRequest request, RoundOperations rounds, CancellationToken ct) =>
            await WithBodyAsync(request, body => rounds.StartAsync(body, ct), ct));
        api.MapPost(AnswersRoute, async (string roundId, HttpRequest request, RoundOperations rounds, CancellationToken ct) =>
            await WithBodyAsync(request, body => rounds.RaiseAnswerAsync(roundId, body, ct), ct));
        api.MapGet(StatusRoute, async (string roundId, RoundOperations rounds, CancellationToken ct) =>
            Reply(await rounds.GetStatusAsync(roundId, ct)));
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
