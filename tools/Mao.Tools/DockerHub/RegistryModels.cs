using System.Text.Json.Serialization;

namespace Mao.Tools.DockerHub;

// Registry documents (OCI image index / Docker manifest list, image manifests, image config, token response).
// These use camelCase and dotted names on the wire, hence the explicit names.

public sealed record RegistryManifest(
    [property: JsonPropertyName("schemaVersion")] int? SchemaVersion,
    [property: JsonPropertyName("mediaType")] string? MediaType,
    [property: JsonPropertyName("manifests")] List<RegistryDescriptor>? Manifests,
    [property: JsonPropertyName("config")] RegistryDescriptor? Config,
    [property: JsonPropertyName("architecture")] string? Architecture);

public sealed record RegistryDescriptor(
    [property: JsonPropertyName("mediaType")] string? MediaType,
    [property: JsonPropertyName("digest")] string? Digest,
    [property: JsonPropertyName("size")] long? Size,
    [property: JsonPropertyName("platform")] RegistryPlatform? Platform,
    [property: JsonPropertyName("annotations")] Dictionary<string, string>? Annotations);

public sealed record RegistryPlatform(
    [property: JsonPropertyName("architecture")] string? Architecture,
    [property: JsonPropertyName("os")] string? Os,
    [property: JsonPropertyName("variant")] string? Variant,
    [property: JsonPropertyName("os.version")] string? OsVersion);

public sealed record RegistryImageConfig(
    [property: JsonPropertyName("architecture")] string? Architecture,
    [property: JsonPropertyName("os")] string? Os,
    [property: JsonPropertyName("variant")] string? Variant,
    [property: JsonPropertyName("os.version")] string? OsVersion);

public sealed record RegistryToken(
    [property: JsonPropertyName("token")] string? Token,
    [property: JsonPropertyName("access_token")] string? AccessToken,
    [property: JsonPropertyName("expires_in")] int? ExpiresIn);
