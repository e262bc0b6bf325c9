using System.Text.Encodings.Web;
using System.Text.Json;
using Mao.Core.Serialization;

namespace Mao.Orchestrations.Api;

/// <summary>
/// The HTTP APIs' JSON: <see cref="MaoJson"/>'s strict camelCase options, but without escaping '+' or quotes
/// as \uXXXX (safe: the bodies are served as application/json, never embedded in HTML).
/// </summary>
public static class ApiJson
{
    public static readonly JsonSerializerOptions Options = Relaxed(MaoJson.Options);
    public static readonly JsonSerializerOptions Indented = Relaxed(MaoJson.Indented);

    private static JsonSerializerOptions Relaxed(JsonSerializerOptions source)
    {
        var options = new JsonSerializerOptions(source) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
