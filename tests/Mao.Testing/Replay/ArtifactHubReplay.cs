using System.Text.Json.Nodes;

namespace Mao.Testing.Replay;

/// <summary>
/// Serves GET /api/v1/packages/search like Artifact Hub: {"packages":[...]} for limit/offset (limit at most 60),
/// the total in Pagination-Total-Count. Package objects are the ones recorded in Artifact Hub's own search tests.
/// </summary>
public static class ArtifactHubReplay
{
    public const string SearchPath = "/api/v1/packages/search";

    public static void Mount(ReplayServer server, IReadOnlyList<JsonObject> packages)
    {
        server.Map("GET", SearchPath, request =>
        {
            var limit = request.QueryInt("limit", 20);
            var offset = request.QueryInt("offset", 0);
            if (limit < 0 || limit > 60 || offset < 0)
            {
                return ReplayResponse.Json("{\"message\":\"invalid limit or offset\"}", 400);
            }
            var page = new JsonObject { ["packages"] = new JsonArray(packages.Skip(offset).Take(limit).Select(p => (JsonNode)p.DeepClone()).ToArray()) };
            return ReplayResponse.Json(page.ToJsonString()).WithHeader("Pagination-Total-Count", packages.Count.ToString());
        });
    }

    /// <summary>A recorded search case (ah-db-tests_search_packages_cases.json) by index: its packages and expected total.</summary>
    public static (List<JsonObject> Packages, int Total, string Description) RecordedCase(int index)
    {
        var cases = JsonNode.Parse(File.ReadAllText(SharedData.Path("fixtures/artifacthub/ah-db-tests_search_packages_cases.json")))!["cases"]!.AsArray();
        var chosen = cases[index]!;
        var packages = chosen["expected_response"]!["packages"]?.AsArray().Select(p => (JsonObject)p!.DeepClone()).ToList() ?? [];
        return (packages, chosen["expected_total_count"]!.GetValue<int>(), chosen["description"]!.GetValue<string>());
    }

    /// <summary>
    /// Many packages for paging tests: the recorded package objects, copied with numbered names and ids
    /// (built from the recorded shape, the values of the copies are generated).
    /// </summary>
    public static List<JsonObject> BuiltPackages(int count)
    {
        var recorded = RecordedCase(1).Packages;
        return Enumerable.Range(0, count).Select(i =>
        {
            var copy = (JsonObject)recorded[i % recorded.Count].DeepClone();
            copy["name"] = $"{copy["name"]!.GetValue<string>()}-copy{i:D4}";
            copy["package_id"] = $"00000000-0000-0000-0001-{i:D12}";
            return copy;
        }).ToList();
    }
}
