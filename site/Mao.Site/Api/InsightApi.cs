using Mao.Insights;
using Mao.Insights.Notifications;
using Mao.Orchestrations.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Mao.Site.Api;

/// <summary>
/// The insight routes (GET, anonymous), over the ground truth this site holds; the logic is in Mao.Insights
/// (<see cref="InsightRequests"/>) and the Functions app serves the same. Replies built from snapshots carry an ETag (from content ids) and answer 304 to
/// a matching If-None-Match.
/// <code>
/// GET /api/series/{tool}?metric=&amp;from=&amp;to=&amp;limit=&amp;offset=[&amp;format=csv]   series JSON, or CSV (also Accept: text/csv)  200, 304, 400, 503, 504
/// GET /api/charts/{tool}.png|.svg?metric=&amp;from=&amp;to=&amp;trend=&amp;width=&amp;height=   the series drawn with trend lines            200, 304, 400, 503, 504
/// GET /api/alerts/{tool}?metric=&amp;from=&amp;to=&amp;window=&amp;threshold=          robust-z alerts, newest first                200, 304, 400, 503, 504
/// GET /api/artefacts/{tool}/{*key}?from=&amp;to=&amp;limit=&amp;offset=           one artefact's quality card                   200, 304, 400, 404, 503, 504
/// GET /api/sites                                                    the federation's live sites                  200, 503
/// GET /api/notifications?limit=                                      verified notifications, newest day first     200, 400, 503, 504
/// GET /api/decisions/{tool}/{period}                                 each member site's accept-or-keep decision   200, 400, 503, 504
/// </code>
/// </summary>
public static class InsightApi
{
    public const string SeriesRoute = InsightRequests.SeriesRoute;
    public const string ChartsRoute = InsightRequests.ChartsRoute;
    public const string AlertsRoute = InsightRequests.AlertsRoute;
    public const string ArtefactsRoute = InsightRequests.ArtefactsRoute;
    public const string SitesRoute = InsightRequests.SitesRoute;
    public const string NotificationsRoute = InsightRequests.NotificationsRoute;
    public const string DecisionsRoute = InsightRequests.DecisionsRoute;

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet(SeriesRoute, async (string tool, HttpContext http, InsightReads reads, CancellationToken ct) =>
            Write(http, await InsightRequests.SeriesAsync(reads, tool, http.Request, ct)));
        api.MapGet(ChartsRoute, async (string file, HttpContext http, InsightReads reads, CancellationToken ct) =>
            Write(http, await InsightRequests.ChartAsync(reads, file, http.Request, ct)));
        api.MapGet(AlertsRoute, async (string tool, HttpContext http, InsightReads reads, CancellationToken ct) =>
            Write(http, await InsightRequests.AlertsAsync(reads, tool, http.Request, ct)));
        api.MapGet(ArtefactsRoute, async (string tool, string? key, HttpContext http, ArtefactCards cards, CancellationToken ct) =>
            Write(http, await InsightRequests.ArtefactAsync(cards, tool, key, http.Request, ct)));
        api.MapGet(SitesRoute, async (HttpContext http, InsightReads reads, CancellationToken ct) => Write(http, await reads.SitesAsync(ct)));
        api.MapGet(NotificationsRoute, async (HttpContext http, NotificationReads reads, CancellationToken ct) =>
            Write(http, await InsightRequests.NotificationsAsync(reads, http.Request, ct)));
        api.MapGet(DecisionsRoute, async (string tool, string period, HttpContext http, FederationDecisions decisions, CancellationToken ct) =>
            Write(http, await InsightRequests.DecisionsAsync(decisions, tool, period, ct)));
    }

    private static IResult Write(HttpContext http, InsightReply reply)
    {
        InsightRequests.ApplyHeaders(http.Response, reply);
        return reply switch
        {
            { StatusCode: 304 } => Results.StatusCode(304),
            { Bytes: { } bytes } => Results.Bytes(bytes, reply.ContentType),
            _ => Results.Json(reply.Json, ApiJson.Options, statusCode: reply.StatusCode),
        };
    }
}
