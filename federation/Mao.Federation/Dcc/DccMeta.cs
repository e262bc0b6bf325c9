using System.Text.Json;
using Mao.Core;

namespace Mao.Federation.Dcc;

/// <summary>
/// One entry of the consensus prototype's <c>meta.json</c>: which CSV files (<c>&lt;prefix&gt;*.csv</c>), their index
/// column, the numeric metrics and the other properties.
/// </summary>
public sealed record DccFileSpec(string Prefix, string Index, IReadOnlyList<string> Metrics, IReadOnlyList<string> Props);

public static class DccMeta
{
    public const string FileName = "meta.json";

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    private sealed record Entry(string? Prefix, string? Index, List<string>? Metrics, List<string>? Props);

    /// <summary>Parses and checks a meta.json; errors name <paramref name="where"/> and, for bad JSON, the line.</summary>
    public static IReadOnlyList<DccFileSpec> Parse(string json, string where)
    {
        List<Entry?>? entries;
        try
        {
            entries = JsonSerializer.Deserialize<List<Entry?>>(json, Options);
        }
        catch (JsonException e)
        {
            var line = e.LineNumber is { } l ? (int)l + 1 : (int?)null;
            throw new MaoFormatException(where, $"malformed meta.json: {e.Message.Split(" Path:")[0]} (expected [{{\"prefix\",\"index\",\"metrics\",\"props\"}}])", line, inner: e);
        }
        if (entries is null || entries.Count == 0)
        {
            throw new MaoFormatException(where, "meta.json lists no files: expected [{\"prefix\":..,\"index\":..,\"metrics\":[..],\"props\":[..]}]");
        }
        var specs = new List<DccFileSpec>();
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i] ?? throw new MaoFormatException(where, $"meta.json entry {i + 1} is null");
            var prefix = Require(entry.Prefix, "prefix", i, where);
            var index = Require(entry.Index, "index", i, where);
            var metrics = entry.Metrics ?? [];
            var props = entry.Props ?? [];
            if (prefix.IndexOfAny(['/', '\\', '*', '?']) >= 0 || prefix.Contains("..", StringComparison.Ordinal))
            {
                throw new MaoFormatException(where, $"meta.json entry {i + 1}: prefix '{prefix}' must be a plain file name start");
            }
            var duplicate = metrics.Concat(props).Append(index).GroupBy(c => c).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
            {
                throw new MaoFormatException(where, $"meta.json entry {i + 1} ('{prefix}') names column '{duplicate.Key}' more than once");
            }
            if (specs.Any(s => s.Prefix == prefix))
            {
                throw new MaoFormatException(where, $"meta.json lists prefix '{prefix}' twice");
            }
            specs.Add(new DccFileSpec(prefix, index, metrics, props));
        }
        return specs;
    }

    private static string Require(string? value, string name, int entry, string where) =>
        string.IsNullOrWhiteSpace(value)
            ? throw new MaoFormatException(where, $"meta.json entry {entry + 1} has no '{name}'")
            : value;
}
