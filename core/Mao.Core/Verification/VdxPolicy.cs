using System.Globalization;
using System.Text.Json;

namespace Mao.Core.Verification;

/// <summary>
/// Reads a vote policy written for the earlier prototype's VDX schema (<c>vdx.schema.json</c>: quorum UNTIL/ALL_BUT,
/// quorum_percentage, exclusion NONE/FURTHEST/OUTSIDE_SIGMA, exclusion_threshold, history, collation), so its users
/// keep their policies. Fields VDX lacks keep our defaults; "bootstrapping" (clustering near-equal values first) is
/// what our robust exclusion and clustering always do, so it needs no switch.
/// </summary>
public static class VdxPolicy
{
    /// <summary>True when the JSON looks like a VDX document rather than our own policy format.</summary>
    public static bool IsVdx(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("quorum_percentage", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public static VotePolicy Parse(string json, string where)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new MaoFormatException(where, $"malformed VDX policy: {e.Message}", e.LineNumber is { } l ? (int)l + 1 : null, inner: e);
        }
        using (document)
        {
            var root = document.RootElement;
            var exclusion = Enum(root, "exclusion", where, ("NONE", ExclusionKind.None), ("FURTHEST", ExclusionKind.Furthest), ("OUTSIDE_SIGMA", ExclusionKind.OutsideSigma));
            var threshold = Number(root, "exclusion_threshold", where);
            var policy = new VotePolicy
            {
                Quorum = Enum(root, "quorum", where, ("UNTIL", QuorumKind.Until), ("ALL_BUT", QuorumKind.AllBut)),
                QuorumPercentage = Number(root, "quorum_percentage", where) ?? throw new MaoFormatException(where, "VDX policy has no 'quorum_percentage'", column: "quorum_percentage"),
                Exclusion = exclusion,
                // VDX tools used 0 for "no threshold"; ours must be positive, so 0 means the kind's default.
                ExclusionThreshold = threshold is > 0 ? threshold : null,
                History = Enum(root, "history", where, ("NONE", HistoryKind.None), ("STANDARD", HistoryKind.Standard),
                    ("MODULE_ELIMINATION", HistoryKind.ModuleElimination), ("HYBRID", HistoryKind.Hybrid)),
                Collation = Enum(root, "collation", where, ("MEAN", CollationKind.Mean), ("MEAN_NEAREST_NEIGHBOR", CollationKind.MeanNearestNeighbor)),
            };
            policy.Validate(where);
            return policy;
        }
    }

    private static T Enum<T>(JsonElement root, string name, string where, params (string Text, T Value)[] choices)
    {
        if (!root.TryGetProperty(name, out var element) || element.ValueKind != JsonValueKind.String)
        {
            throw new MaoFormatException(where, $"VDX policy has no string '{name}'", column: name);
        }
        var text = element.GetString();
        foreach (var (choiceText, value) in choices)
        {
            if (choiceText == text)
            {
                return value;
            }
        }
        throw new MaoFormatException(where, $"'{text}' is not a VDX {name}: use one of {string.Join(", ", choices.Select(c => c.Text))}", column: name);
    }

    private static double? Number(JsonElement root, string name, string where) =>
        !root.TryGetProperty(name, out var element) ? null
        : element.ValueKind == JsonValueKind.Number ? element.GetDouble()
        : throw new MaoFormatException(where, $"VDX '{name}' must be a number, got {element.GetRawText().ToString(CultureInfo.InvariantCulture)}", column: name);
}
