using System.Text.Json;
using Mao.Core;
using Mao.Core.Model;
using Mao.Core.Serialization;

namespace Mao.Federation.Registry.Documents;

/// <summary>
/// Strict reading of the versioned JSON documents kept in etcd: malformed JSON, a missing or unknown
/// <c>format</c> (schema version), unknown or missing properties are <see cref="MaoFormatException"/>s naming the key.
/// </summary>
public static class RegistryDocuments
{
    public static T Parse<T>(string json, string where, string expectedFormat, Func<T, string> formatOf)
    {
        var format = ReadFormat(json, where);
        if (format != expectedFormat)
        {
            var family = Family(expectedFormat);
            throw new MaoFormatException(where, Family(format) == family
                ? $"unknown schema version '{format}': this build reads '{expectedFormat}'"
                : $"expected a '{expectedFormat}' document, found '{format}'");
        }
        var value = MaoJson.Parse<T>(json, where);
        // The record's default would hide a format that was absent from the JSON; ReadFormat already required it.
        return formatOf(value) == expectedFormat ? value : throw new MaoFormatException(where, $"format '{formatOf(value)}' is not '{expectedFormat}'");
    }

    public static T Parse<T>(string json, string where) where T : IRegistryDocument
    {
        var value = Parse<T>(json, where, T.CurrentFormat, d => d.Format);
        value.Validate(where);
        return value;
    }

    public static ToolManifest ParseTool(string json, string where)
    {
        var tool = Parse<ToolManifest>(json, where, ToolManifest.CurrentFormat, t => t.Format);
        tool.Validate(where);
        return tool;
    }

    private static string ReadFormat(string json, string where)
    {
        try
        {
            using var document = JsonDocument.Parse(json, MaoJson.DocumentOptions);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new MaoFormatException(where, $"expected a JSON object, found {root.ValueKind}");
            }
            return root.TryGetProperty("format", out var format) && format.ValueKind == JsonValueKind.String
                ? format.GetString()!
                : throw new MaoFormatException(where, "document has no 'format' (schema version) string");
        }
        catch (JsonException e)
        {
            throw new MaoFormatException(where, $"malformed JSON: {e.Message}", inner: e);
        }
        catch (InvalidOperationException e) when (MaoJson.IsInvalidText(e))
        {
            throw new MaoFormatException(where, $"text that is not valid Unicode: {e.Message}", inner: e);
        }
    }

    private static string Family(string format) => format.Split('/')[0];
}
