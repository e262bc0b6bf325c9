using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Mao.Testing.Replay;

/// <summary>
/// Serves a <see cref="HubWorld"/> in the shapes of the Docker Hub API v2 (repositories and tags pages with
/// count/next/previous/results), the token service and the registry (HEAD/GET manifests, GET blobs, bearer auth).
/// Repository objects are the recorded Hub response (docker/docs example) with name and dates replaced; tag objects
/// follow the documented tags shape (no recorded multi-architecture tags page exists).
/// </summary>
public static partial class DockerHubReplay
{
    public const string Token = "replay-registry-token";

    /// <summary>The token the service hands out for the world's <see cref="HubWorld.Account"/>.</summary>
    public const string AccountToken = "replay-account-token";

    // Serialised tag objects, reused while the tag is unchanged, so the server stays cheap next to the crawler it serves.
    private static readonly ConditionalWeakTable<HubTagModel, Tuple<string, byte[]>> TagCache = new();

    [GeneratedRegex("^/v2/namespaces/([^/]+)/repositories/?$")]
    private static partial Regex RepositoriesPath();

    [GeneratedRegex("^/v2/namespaces/([^/]+)/repositories/([^/]+)/tags/?$")]
    private static partial Regex TagsPath();

    [GeneratedRegex("^/v2/([^/]+)/([^/]+)/(manifests|blobs)/(.+)$")]
    private static partial Regex RegistryPath();

    /// <param name="registryToken">The bearer token the registry accepts (what the token service hands out).</param>
    public static void Mount(ReplayServer server, HubWorld world, string registryToken = Token)
    {
        var repositoryTemplate = RecordedRepositoryTemplate();
        server.Map("GET", p => RepositoriesPath().IsMatch(p), request =>
        {
            var ns = RepositoriesPath().Match(request.Path).Groups[1].Value;
            var repos = world.Namespaces.GetValueOrDefault(ns);
            if (repos is null)
            {
                return ReplayResponse.Json("{\"message\":\"namespace not found\"}", 404);
            }
            return Page(server, request, repos, repo =>
            {
                var json = (JsonObject)repositoryTemplate.DeepClone();
                json["name"] = repo.Name;
                json["namespace"] = repo.Namespace;
                json["last_updated"] = repo.LastUpdated.UtcDateTime.ToString("O");
                return JsonSerializer.SerializeToUtf8Bytes(json);
            }, world.MaxPageSize);
        });
        server.Map("GET", p => TagsPath().IsMatch(p), request =>
        {
            var match = TagsPath().Match(request.Path);
            if (world.Find(match.Groups[1].Value, match.Groups[2].Value) is not { } repo)
            {
                return ReplayResponse.Json("{\"message\":\"object not found\",\"errinfo\":{}}", 404);
            }
            return repo.VerbatimTagsPage is { } verbatim
                ? ReplayResponse.Json(verbatim.ToJsonString())
                : Page(server, request, repo.Tags, tag => CachedTagJson(repo, tag), world.MaxPageSize);
        });
        server.Map("GET", "/token", request =>
        {
            // Anonymous callers get the anonymous token; with the world's account's basic credentials, the account's.
            var authorization = request.Headers.GetValueOrDefault("Authorization");
            var issued = Token;
            if (authorization is not null && world.Account is { } account)
            {
                if (authorization != "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{account.Username}:{account.AccessToken}")))
                {
                    return ReplayResponse.Json("{\"details\":\"incorrect username or password\"}", 401);
                }
                issued = AccountToken;
            }
            return ReplayResponse.Json($"{{\"token\":\"{issued}\",\"access_token\":\"{issued}\",\"expires_in\":300,\"issued_at\":\"{DateTime.UtcNow:O}\"}}");
        });
        server.Map("GET", p => RegistryPath().IsMatch(p), request => Registry(world, request, registryToken));
        server.Map("HEAD", p => RegistryPath().IsMatch(p), request => Registry(world, request, registryToken));
    }

    /// <summary>The first repository object of the recorded Hub response, as the template of every served repository.</summary>
    public static JsonObject RecordedRepositoryTemplate()
    {
        var page = JsonNode.Parse(File.ReadAllText(SharedData.Path("fixtures/dockerhub/docker-docs_namespace-repositories_list_page1.json")))!;
        return (JsonObject)page["results"]![0]!.DeepClone();
    }

    /// <summary>A tag object in the documented shape of GET .../tags results.</summary>
    public static JsonObject TagJson(HubRepo repo, HubTagModel tag) => new()
    {
        ["creator"] = 7,
        ["id"] = Math.Abs(StringComparer.Ordinal.GetHashCode(repo.FullName + ":" + tag.Name)),
        ["images"] = tag.Images?.DeepClone() ?? new JsonArray(),
        ["last_updated"] = tag.LastPushed.UtcDateTime.ToString("O"),
        ["last_updater"] = 1156886,
        ["last_updater_username"] = "doijanky",
        ["name"] = tag.Name,
        ["repository"] = 21421,
        ["full_size"] = tag.FullSize,
        ["v2"] = true,
        ["tag_status"] = "active",
        ["tag_last_pulled"] = tag.LastPushed.UtcDateTime.ToString("O"),
        ["tag_last_pushed"] = tag.LastPushed.UtcDateTime.ToString("O"),
        ["media_type"] = tag.RegistryMediaType,
        ["content_type"] = "image",
        ["digest"] = tag.RegistryDigest,
    };

    private static byte[] CachedTagJson(HubRepo repo, HubTagModel tag)
    {
        var version = $"{repo.FullName}|{tag.RegistryDigest}|{tag.LastPushed.Ticks}|{tag.FullSize}|{tag.Images?.Count}";
        if (TagCache.TryGetValue(tag, out var cached) && cached.Item1 == version)
        {
            return cached.Item2;
        }
        var json = JsonSerializer.SerializeToUtf8Bytes(TagJson(repo, tag));
        TagCache.AddOrUpdate(tag, Tuple.Create(version, json));
        return json;
    }

    private static ReplayResponse Page<T>(ReplayServer server, ReplayRequest request, List<T> items, Func<T, byte[]> toJson, int maxPageSize)
    {
        var size = Math.Clamp(request.QueryInt("page_size", 10), 1, maxPageSize);
        var page = Math.Max(1, request.QueryInt("page", 1));
        string Link(int p) => server.Url($"{request.Path.TrimStart('/')}?page_size={size}&page={p}").ToString();
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("count", items.Count);
            writer.WriteString("next", page * size < items.Count ? Link(page + 1) : null);
            writer.WriteString("previous", page > 1 ? Link(page - 1) : null);
            writer.WriteStartArray("results");
            foreach (var item in items.Skip((page - 1) * size).Take(size))
            {
                writer.WriteRawValue(toJson(item), skipInputValidation: true);
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return ReplayResponse.Json(buffer.ToArray());
    }

    private static ReplayResponse Registry(HubWorld world, ReplayRequest request, string token)
    {
        var response = RegistryCore(world, request, token);
        foreach (var (name, value) in world.RegistryHeaders)
        {
            response = response.WithHeader(name, value);
        }
        return response;
    }

    private static ReplayResponse RegistryCore(HubWorld world, ReplayRequest request, string token)
    {
        if (request.Headers.GetValueOrDefault("Authorization") != $"Bearer {token}")
        {
            return ReplayResponse.Json("{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}", 401)
                .WithHeader("WWW-Authenticate", "Bearer realm=\"/token\",service=\"registry.docker.io\"");
        }
        var match = RegistryPath().Match(request.Path);
        var repo = world.Find(match.Groups[1].Value, match.Groups[2].Value);
        var reference = Uri.UnescapeDataString(match.Groups[4].Value);
        if (match.Groups[3].Value == "blobs")
        {
            var blob = repo?.Blobs.GetValueOrDefault(reference) ?? repo?.Tags.Select(t => t.Blobs.GetValueOrDefault(reference)).FirstOrDefault(b => b is not null);
            return blob is null ? NotFound("BLOB_UNKNOWN") : new ReplayResponse(200, blob, "application/octet-stream");
        }
        var tag = repo?.Tags.FirstOrDefault(t => t.RegistryManifest is not null && (t.Name == reference || t.RegistryDigest == reference));
        if (tag is null && repo is not null && repo.Manifests.TryGetValue(reference, out var child))
        {
            return new ReplayResponse(200, child.Bytes, child.MediaType)
                .WithHeader("Docker-Content-Digest", reference)
                .WithHeader("Docker-Distribution-Api-Version", "registry/2.0");
        }
        if (tag is null)
        {
            return NotFound("MANIFEST_UNKNOWN");
        }
        return new ReplayResponse(200, tag.RegistryManifest!, tag.RegistryMediaType)
            .WithHeader("Docker-Content-Digest", tag.RegistryDigest!)
            .WithHeader("ETag", $"\"{tag.RegistryDigest}\"")
            .WithHeader("Docker-Distribution-Api-Version", "registry/2.0");
    }

    private static ReplayResponse NotFound(string code) =>
        ReplayResponse.Json($"{{\"errors\":[{{\"code\":\"{code}\",\"message\":\"unknown\"}}]}}", 404);
}
