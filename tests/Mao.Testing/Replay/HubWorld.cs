using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Mao.Testing.Replay;

/// <summary>
/// The Docker Hub and registry state a <see cref="DockerHubReplay"/> serves: namespaces, repositories, tags, and for
/// tags whose Hub entry lists no images, the image index (real recorded index documents) the registry serves.
/// Mutable, so a test can change a digest between two crawls.
/// </summary>
public sealed class HubWorld
{
    public Dictionary<string, List<HubRepo>> Namespaces { get; } = new(StringComparer.Ordinal);

    /// <summary>The Hub caps page_size at 100.</summary>
    public int MaxPageSize { get; set; } = 100;

    public HubRepo AddRepository(string @namespace, string name, DateTimeOffset lastUpdated)
    {
        if (!Namespaces.TryGetValue(@namespace, out var repos))
        {
            Namespaces[@namespace] = repos = [];
        }
        var repo = new HubRepo(@namespace, name) { LastUpdated = lastUpdated };
        repos.Add(repo);
        return repo;
    }

    public HubRepo? Find(string @namespace, string name) =>
        Namespaces.GetValueOrDefault(@namespace)?.FirstOrDefault(r => r.Name == name);

    public int TagCount => Namespaces.Values.Sum(repos => repos.Sum(r => r.Tags.Count));

    /// <summary>Headers added to every registry response, HEAD and GET (e.g. the registry's RateLimit-Limit/Remaining).</summary>
    public Dictionary<string, string> RegistryHeaders { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>When set, the token service hands out a registry token only for these basic credentials (a Docker Hub account).</summary>
    public (string Username, string AccessToken)? Account { get; set; }
}

public sealed class HubRepo(string @namespace, string name)
{
    public string Namespace { get; } = @namespace;
    public string Name { get; } = name;
    public string FullName => $"{Namespace}/{Name}";
    public DateTimeOffset LastUpdated { get; set; }
    public List<HubTagModel> Tags { get; } = [];

    /// <summary>Manifests served by digest only (an index's children): digest to bytes and media type.</summary>
    public Dictionary<string, (byte[] Bytes, string MediaType)> Manifests { get; } = new(StringComparer.Ordinal);

    /// <summary>Blobs served by digest besides the tags' own (the children's config blobs).</summary>
    public Dictionary<string, byte[]> Blobs { get; } = new(StringComparer.Ordinal);

    /// <summary>Replaces the whole tags listing with a recorded or built page body (served for page 1, no next).</summary>
    public JsonObject? VerbatimTagsPage { get; set; }
}

/// <summary>
/// One tag. <see cref="Images"/> is the Hub's images[] (null or empty: the registry path); <see cref="RegistryManifest"/>
/// is what the registry serves for the tag, its digest the SHA-256 of those bytes, as a registry computes it.
/// </summary>
public sealed class HubTagModel(string name)
{
    public string Name { get; } = name;
    public DateTimeOffset LastPushed { get; set; } = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public long FullSize { get; set; } = 1_000_000;
    public JsonArray? Images { get; set; }
    public byte[]? RegistryManifest { get; set; }
    public string RegistryMediaType { get; set; } = "application/vnd.docker.distribution.manifest.list.v2+json";
    public Dictionary<string, byte[]> Blobs { get; } = new(StringComparer.Ordinal);

    public string? RegistryDigest => RegistryManifest is null ? null : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(RegistryManifest));
}
