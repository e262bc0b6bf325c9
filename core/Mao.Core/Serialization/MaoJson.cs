using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mao.Core.Serialization;

/// <summary>The one set of JSON options for manifests, registry documents and messages: camelCase, strict.</summary>
public static class MaoJson
{
    /// <summary>
    /// How deep any document the federation exchanges may nest. Ours need fewer than 10 levels; the limit keeps a hostile
    /// body (an answer, a start request, a registry value) from costing a deep recursion. System.Text.Json's default is 64.
    /// </summary>
    public const int MaxDepth = 16;

    /// <summary>For JsonDocument parses of the same documents.</summary>
    public static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = MaxDepth };

    public static readonly JsonSerializerOptions Options = Create(indented: false);
    public static readonly JsonSerializerOptions Indented = Create(indented: true);

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = indented,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            AllowTrailingCommas = false,
            ReadCommentHandling = JsonCommentHandling.Disallow,
            MaxDepth = MaxDepth,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>Deserialises strictly; any problem becomes a <see cref="MaoFormatException"/> naming where.</summary>
    public static T Parse<T>(string json, string where)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options) ?? throw new MaoFormatException(where, $"expected a {typeof(T).Name}, got null");
        }
        catch (JsonException e)
        {
            throw new MaoFormatException(where, $"malformed {typeof(T).Name}: {e.Message}", inner: e);
        }
    }

    public static T Parse<T>(ReadOnlySpan<byte> utf8, string where)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(utf8, Options) ?? throw new MaoFormatException(where, $"expected a {typeof(T).Name}, got null");
        }
        catch (JsonException e)
        {
            throw new MaoFormatException(where, $"malformed {typeof(T).Name}: {e.Message}", inner: e);
        }
    }

    /// <summary>
    /// System.Text.Json's error for a string it cannot turn into .NET text (an escaped lone surrogate such as
    /// <c>"\ud800"</c>): JsonElement's GetString and property lookups throw it as InvalidOperationException.
    /// </summary>
    public static bool IsInvalidText(InvalidOperationException e) => e.Source?.StartsWith("System.Text.Json", StringComparison.Ordinal) == true;

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);
}
