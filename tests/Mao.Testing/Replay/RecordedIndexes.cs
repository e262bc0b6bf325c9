using System.Text;
using System.Text.Json.Nodes;

namespace Mao.Testing.Replay;

/// <summary>Real recorded registry documents from recorded/fixtures/registry, ready to serve as a tag's manifest.</summary>
public static class RecordedIndexes
{
    public sealed record Document(string Name, byte[] Bytes, string MediaType, Dictionary<string, byte[]> Blobs);

    private static readonly Lazy<IReadOnlyList<Document>> Cache = new(Load);

    /// <summary>Every recorded index or manifest list, plus one single-image manifest (its config blob is recorded).</summary>
    public static IReadOnlyList<Document> All => Cache.Value;

    public static Document Named(string name) => All.First(d => d.Name == name);

    private static List<Document> Load()
    {
        var documents = new List<Document>();
        foreach (var file in new[]
                 {
                     "containers-image_manifest-list_schema2list.json",
                     "containers-image_oci-index_variants.json",
                     "containers-image_manifest-list_v2list-schema1-children.json",
                     "dependabot_manifest-list_ubuntu-17.10.json",
                     "regclient_testrepo_v1_oci-index_with-builder-refs.json",
                     "regclient_testrepo_v2_oci-index_arm-v7_base-annotations.json",
                     "regclient_testrepo_v3_oci-index_arm-v6-v7.json",
                 })
        {
            var bytes = File.ReadAllBytes(SharedData.Path($"fixtures/registry/{file}"));
            var mediaType = JsonNode.Parse(bytes)?["mediaType"]?.GetValue<string>() ?? "application/vnd.oci.image.index.v1+json";
            documents.Add(new Document(file, bytes, mediaType, []));
        }
        // The hello-world descriptors (with BuildKit attestations) are recorded as an array; wrapped in an OCI index here.
        var descriptors = JsonNode.Parse(File.ReadAllText(SharedData.Path("fixtures/registry/docker-library-meta-scripts_hello-world_index-descriptors.json")))!;
        var helloWorld = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = "application/vnd.oci.image.index.v1+json",
            ["manifests"] = descriptors.DeepClone(),
        };
        documents.Add(new Document("hello-world-index_assembled-from-recorded-descriptors", Encoding.UTF8.GetBytes(helloWorld.ToJsonString()),
            "application/vnd.oci.image.index.v1+json", []));
        // A recorded single-image manifest (ubuntu:17.10, amd64); its config blob is not recorded, so a minimal one is built
        // and the manifest's config digest is rewritten to the built blob's (crawlers check blobs against their digests).
        var recordedSingle = Encoding.UTF8.GetString(File.ReadAllBytes(SharedData.Path("fixtures/registry/dependabot_config-blob_ubuntu-17.10.json")));
        var recordedConfigDigest = JsonNode.Parse(recordedSingle)!["config"]!["digest"]!.GetValue<string>();
        var builtConfig = Encoding.UTF8.GetBytes("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}");
        var configDigest = Digest(builtConfig);
        var single = Encoding.UTF8.GetBytes(recordedSingle.Replace(recordedConfigDigest, configDigest, StringComparison.Ordinal));
        documents.Add(new Document("ubuntu-17.10-manifest_recorded_config-blob-built", single,
            "application/vnd.docker.distribution.manifest.v2+json", new() { [configDigest] = builtConfig }));
        return documents;
    }

    /// <summary>The sha256 content digest of bytes, as a registry computes it.</summary>
    public static string Digest(byte[] content) => "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content));

    /// <summary>The platforms listed in an index document (attestations included), as Hub images[] entries in the documented shape.</summary>
    public static JsonArray AsHubImages(Document document, DateTimeOffset pushed)
    {
        var images = new JsonArray();
        var manifests = JsonNode.Parse(document.Bytes)?["manifests"]?.AsArray() ?? [];
        foreach (var entry in manifests)
        {
            var platform = entry?["platform"];
            if (platform is null)
            {
                continue;
            }
            images.Add(new JsonObject
            {
                ["architecture"] = platform["architecture"]?.GetValue<string>(),
                ["features"] = "",
                ["variant"] = platform["variant"]?.GetValue<string>(),
                ["digest"] = entry!["digest"]?.GetValue<string>(),
                ["os"] = platform["os"]?.GetValue<string>(),
                ["os_features"] = "",
                ["os_version"] = platform["os.version"]?.GetValue<string>(),
                ["size"] = entry["size"]?.GetValue<long>() ?? 0,
                ["status"] = "active",
                ["last_pulled"] = pushed.UtcDateTime.ToString("O"),
                ["last_pushed"] = pushed.UtcDateTime.ToString("O"),
            });
        }
        return images;
    }
}
