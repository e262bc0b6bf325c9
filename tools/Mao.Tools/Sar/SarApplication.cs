using System.Text.Json.Serialization;

namespace Mao.Tools.Sar;

/// <summary>One application of the public catalogue, as the browse endpoint serves it (camelCase) and the prototype's CSV stores it.</summary>
public sealed record SarApplication(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("publisherAlias")] string? PublisherAlias,
    [property: JsonPropertyName("deploymentCount")] long? DeploymentCount,
    [property: JsonPropertyName("labels")] List<string>? Labels,
    [property: JsonPropertyName("description")] string? Description,
    [property: JsonPropertyName("homePageUrl")] string? HomePageUrl,
    [property: JsonPropertyName("requiredCapabilitiesForLatestVersion")] List<string>? RequiredCapabilitiesForLatestVersion);

public sealed record SarBrowsePage(
    [property: JsonPropertyName("approximateResultCount")] int? ApproximateResultCount,
    [property: JsonPropertyName("applications")] List<SarApplication>? Applications);
