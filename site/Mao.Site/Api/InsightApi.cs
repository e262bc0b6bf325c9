using Mao.Core;
using Mao.Insights;
using Mao.Insights.Notifications;
using Mao.Orchestrations.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace Mao.Site.Api;

/// <summary>
/// The insight routes (GET, anonymous), over the ground truth this site holds; the logic is in Mao.Insights so the
/// Functions app could serve the same. Replies built from snapshots carry an ETag (from content ids) and answer 304 to
/// a matching If-None-Match.
/// <code>
/// GET /api/series/{tool}?metric=&amp;from=&amp;to=&amp;limit=&amp;offset=[&amp;format=csv]   series JSON, or CSV (also Accept: text/csv)  200, 304, 400, 503, 504
/// GET /api/charts/{tool}.png|.svg?metric=&amp;from=&amp;to=&amp;trend=&amp;width=&amp;height=   the series drawn with trend lines            200, 304, 400, 503, 504
/// GET /api/alerts/{tool}?metric=&amp;from=&amp;to=&amp;window=&amp;threshold=          robust-z alerts, newest first                200, 304, 400, 503, 504
/// GET /api/artefacts/{tool}/{*key}?from=&amp;to=&amp;limit=&amp;offset=           one artefact's quality card                   200, 304, 400, 404, 503, 504
/// GET /api/sites                                                    the federation's live sites                  200, 503
/// GET /api/notifications?limit=                                      verified notifications, newest day first     200, 400, 503, 504
/// </code>
/// </summary>
public static class InsightApi
{
    public const string SeriesRoute = "series/{tool}";
    public const string ChartsRoute = "charts/{file}";
    public const string AlertsRoute = "alerts/{tool}";
    public const string ArtefactsRoute = "artefacts/{tool}/{**key}";
    public const string SitesRoute = "sites";
    public const string NotificationsRoute = "notifications";

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet(SeriesRoute, async (string tool, HttpContext http, InsightReads reads, CancellationToken ct) =>
        {
            var csv = http.Request.Query["format"].ToString() switch
            {
                "csv" => true,
                "" or "json" => AcceptsCsv(http.Request),
                _ => (bool?)null,
            };
            return csv is null
                ? Write(http, InsightReply.Error(400, $"query parameter format: '{http.Request.Query["format"]}' is not json or csv"))
                : await WithQueryAsync(http, query => reads.SeriesAsync(tool, query, csv.Value, IfNoneMatch(http), ct));
        });
        api.MapGet(ChartsRoute, async (string file, HttpContext http, InsightReads reads, CancellationToken ct) =>
        {
            var (tool, format) = ChartFile(file);
            if (format is null)
            {
                return Write(http, InsightReply.Error(400, $"path segment '{file}': ask for <tool>.png or <tool>.svg"));
            }
            var q = http.Request.Query;
            return await WithQueryAsync(http, query => reads.ChartAsync(tool, format.Value, query, q["trend"], q["width"], q["height"], IfNoneMatch(http), ct));
        });
        api.MapGet(AlertsRoute, async (string tool, HttpContext http, InsightReads reads, CancellationToken ct) =>
            await WithQueryAsync(http, query => reads.AlertsAsync(tool, query, http.Request.Query["window"], http.Request.Query["threshold"], IfNoneMatch(http), ct)));
        api.MapGet(ArtefactsRoute, async (string tool, string? key, HttpContext http, ArtefactCards cards, CancellationToken ct) =>
            await WithQueryAsync(http, query => cards.CardAsync(tool, key ?? "", query, IfNoneMatch(http), ct)));
        api.MapGet(SitesRoute, async (HttpContext http, InsightReads reads, CancellationToken ct) => Write(http, await reads.SitesAsync(ct)));
        api.MapGet(NotificationsRoute, async (HttpContext http, NotificationReads reads, CancellationToken ct) =>
            Write(http, await reads.RecentAsync(http.Request.Query["limit"], ct)));
    }

    private static async Task<IResult> WithQueryAsync(HttpContext http, Func<InsightQuery, Task<InsightReply>> read)
    {
        var q = http.Request.Query;
        InsightQuery query;
        try
        {
            query = InsightQuery.Parse(q["from"], q["to"], q["limit"], q["offset"], q["metric"].ToArray(), DateOnly.FromDateTime(DateTime.UtcNow));
        }
        catch (MaoFormatException e)
        {
            return Write(http, InsightReply.Error(400, e.Message));
        }
        return Write(http, await read(query));
    }

    private static IResult Write(HttpContext http, InsightReply reply)
    {
        if (reply.ETag is { } etag)
        {
            http.Response.Headers.ETag = etag;
            // Clients may keep a copy but must ask again: a new day of ground truth changes the reply.
            http.Response.Headers.CacheControl = "no-cache";
        }
        return reply switch
        {
            { StatusCode: 304 } => Results.StatusCode(304),
            { Bytes: { } bytes } => Results.Bytes(bytes, reply.ContentType),
            _ => Results.Json(reply.Json, ApiJson.Options, statusCode: reply.StatusCode),
        };
    }

    private static string? IfNoneMatch(HttpContext http) => http.Request.Headers.IfNoneMatch.Count == 0 ? null : http.Request.Headers.IfNoneMatch.ToString();

    private static bool AcceptsCsv(HttpRequest request) =>
        MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var types) && types.Any(t => t.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase));

    private static (string Tool, ChartFormat? Format) ChartFile(string file)
    {
        var dot = file.LastIndexOf('.');
        if (dot <= 0)
        {
            return (file, null);
        }
        ChartFormat? format = file[(dot + 1)..] switch { "png" => ChartFormat.Png, "svg" => ChartFormat.Svg, _ => null };
        return (file[..dot], format);
    }
}
