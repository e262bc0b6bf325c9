namespace Mao.Tools.DockerHub;

// Shapes of the Docker Hub API v2 responses we read (snake_case on the wire); unknown fields are ignored.

public sealed record HubPage<T>(int? Count, string? Next, string? Previous, List<T>? Results);

public sealed record HubRepository(string? Name, string? Namespace, DateTimeOffset? LastUpdated, string? RepositoryType);

public sealed record HubTag(
    string? Name,
    string? Digest,
    long? FullSize,
    DateTimeOffset? LastUpdated,
    DateTimeOffset? TagLastPushed,
    string? MediaType,
    List<HubImage>? Images);

public sealed record HubImage(
    string? Architecture,
    string? Os,
    string? Variant,
    string? OsVersion,
    string? Digest,
    long? Size,
    string? Status,
    DateTimeOffset? LastPushed);
