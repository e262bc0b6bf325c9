using System.Text.Json.Nodes;
using Mao.Testing.Replay;

namespace Mao.Tools.Tests.DockerHub;

/// <summary>Tags pages in the Hub's documented shape (count/next/results) with whatever count and next a test needs.</summary>
public static class HubPages
{
    public static string Tags(HubRepo repo, IEnumerable<HubTagModel> tags, long count, string? next) => new JsonObject
    {
        ["count"] = count,
        ["next"] = next,
        ["previous"] = null,
        ["results"] = new JsonArray(tags.Select(t => (JsonNode)DockerHubReplay.TagJson(repo, t)).ToArray()),
    }.ToJsonString();

    public static string TagsPath(HubRepo repo) => $"/v2/namespaces/{repo.Namespace}/repositories/{repo.Name}/tags";
}
