using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mao.Tools.DockerHub;

/// <summary>Source-generated (de)serialisation of the Hub's pages: tags pages are the bulk of a crawl's bytes.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(HubPage<HubTag>))]
[JsonSerializable(typeof(HubPage<HubRepository>))]
public sealed partial class HubJsonContext : JsonSerializerContext;
