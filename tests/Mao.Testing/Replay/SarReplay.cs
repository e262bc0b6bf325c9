using System.Text.Json.Nodes;

namespace Mao.Testing.Replay;

/// <summary>
/// Serves the SAR console's browse endpoint (/Prod/applications/browse?pageSize&amp;pageNumber):
/// {"approximateResultCount": n, "applications": [...]}, pages numbered from 1.
/// </summary>
public static class SarReplay
{
    public const string BrowsePath = "/Prod/applications/browse";

    public static void Mount(ReplayServer server, Func<IReadOnlyList<JsonNode>> applications)
    {
        server.Map("GET", BrowsePath, request =>
        {
            var apps = applications();
            var size = request.QueryInt("pageSize", 10);
            var number = request.QueryInt("pageNumber", 1);
            if (size < 1 || size > 100 || number < 1)
            {
                return ReplayResponse.Json("{\"message\":\"invalid page\",\"errorCode\":\"BadRequestException\"}", 400);
            }
            var body = new JsonObject
            {
                ["approximateResultCount"] = apps.Count,
                ["applications"] = new JsonArray(apps.Skip((number - 1) * size).Take(size).Select(a => a.DeepClone()).ToArray()),
            };
            return ReplayResponse.Json(body.ToJsonString());
        });
    }
}
