using Mao.Core;
using Mao.Insights.Notifications;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Mao.Insights;

/// <summary>
/// The insight routes' request handling, shared by the site host (InsightApi) and the Functions app: each reads the
/// request's query and headers and answers an <see cref="InsightReply"/> the host writes (<see cref="ApplyHeaders"/> first).
/// </summary>
public static class InsightRequests
{
    public const string SeriesRoute = "series/{tool}";
    public const string ChartsRoute = "charts/{file}";
    public const string AlertsRoute = "alerts/{tool}";
    public const string ArtefactsRoute = "artefacts/{tool}/{*key}";
    public const string SitesRoute = "sites";
    public const string NotificationsRoute = "notifications";
    public const string DecisionsRoute = "decisions/{tool}/{period}";

    public static Task<InsightReply> SeriesAsync(InsightReads reads, string tool, HttpRequest request, CancellationToken ct)
    {
        var csv = request.Query["format"].ToString() switch
        {
            "csv" => true,
            "" or "json" => AcceptsCsv(request),
            _ => (bool?)null,
        };
        return csv is null
            ? Task.FromResult(InsightReply.Error(400, $"query parameter format: '{request.Query["format"]}' is not json or csv"))
            : WithQueryAsync(request, query => reads.SeriesAsync(tool, query, csv.Value, IfNoneMatch(request), ct));
    }

    /// <summary><paramref name="file"/> is &lt;tool&gt;.png or &lt;tool&gt;.svg.</summary>
    public static Task<InsightReply> ChartAsync(InsightReads reads, string file, HttpRequest request, CancellationToken ct)
    {
        var (tool, format) = ChartFile(file);
        if (format is null)
        {
            return Task.FromResult(InsightReply.Error(400, $"path segment '{file}': ask for <tool>.png or <tool>.svg"));
        }
        var q = request.Query;
        return WithQueryAsync(request, query => reads.ChartAsync(tool, format.Value, query, q["trend"], q["width"], q["height"], IfNoneMatch(request), ct));
    }

    public static Task<InsightReply> AlertsAsync(InsightReads reads, string tool, HttpRequest request, CancellationToken ct) =>
        WithQueryAsync(request, query => reads.AlertsAsync(tool, query, request.Query["window"], request.Query["threshold"], IfNoneMatch(request), ct));

    public static Task<InsightReply> ArtefactAsync(ArtefactCards cards, string tool, string? key, HttpRequest request, CancellationToken ct) =>
        WithQueryAsync(request, query => cards.CardAsync(tool, ArtefactKey(key), query, IfNoneMatch(request), ct));

    /// <summary>
    /// The server decodes every escape in a path except %2F, so a key sent whole (encodeURIComponent("library/nginx"))
    /// would arrive as library%2Fnginx: both spellings name the same artefact.
    /// </summary>
    public static string ArtefactKey(string? key) => key?.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase) ?? "";

    public static Task<InsightReply> DecisionsAsync(FederationDecisions decisions, string tool, string period, CancellationToken ct) =>
        decisions.DecisionsAsync(tool, period, ct);

    public static Task<InsightReply> NotificationsAsync(NotificationReads reads, HttpRequest request, CancellationToken ct) =>
        reads.RecentAsync(request.Query["limit"], request.Query["offset"], IfNoneMatch(request), ct);

    /// <summary>A reply built from snapshots carries its ETag; clients may keep a copy but must ask again (a new day changes it).</summary>
    public static void ApplyHeaders(HttpResponse response, InsightReply reply)
    {
        if (reply.ETag is { } etag)
        {
            response.Headers.ETag = etag;
            response.Headers.CacheControl = "no-cache";
        }
    }

    private static async Task<InsightReply> WithQueryAsync(HttpRequest request, Func<InsightQuery, Task<InsightReply>> read)
    {
        var q = request.Query;
        InsightQuery query;
        try
        {
            query = InsightQuery.Parse(q["from"], q["to"], q["limit"], q["offset"], q["metric"].ToArray(), DateOnly.FromDateTime(DateTime.UtcNow));
        }
        catch (MaoFormatException e)
        {
            return InsightReply.Error(400, e.Message);
        }
        return await read(query);
    }

    private static string? IfNoneMatch(HttpRequest request) => request.Headers.IfNoneMatch.Count == 0 ? null : request.Headers.IfNoneMatch.ToString();

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
