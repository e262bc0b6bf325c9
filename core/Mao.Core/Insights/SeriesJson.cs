using System.Globalization;
using System.Text.Json;

namespace Mao.Core.Insights;

/// <summary>
/// Series as JSON, what <c>mao series --json</c> prints and what <c>mao chart</c> and <c>mao alerts</c> read back:
/// <code>
/// {"format":"mao.series/1","series":[{"name":"ARM","points":[{"date":"2019-11-11","value":2011,"support":3}],
///   "trends":[{"method":"ols","slopePerMonth":12.1,"slopePerMonthLow":10.2,"slopePerMonthHigh":14,...}],
///   "change":{"from":"2019-11-11","to":"2020-06-17","absolute":159,"relative":0.079}}]}
/// </code>
/// Days without a point are absent from "points". Reading needs only name and points.
/// </summary>
public static class SeriesJson
{
    public const string Format = "mao.series/1";

    public static void Write(Stream output, IReadOnlyList<Series> series, IReadOnlyList<TrendMethod> trends)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("format", Format);
        json.WriteStartArray("series");
        foreach (var s in series)
        {
            json.WriteStartObject();
            json.WriteString("name", s.Name);
            json.WriteStartArray("points");
            foreach (var p in s.Points)
            {
                json.WriteStartObject();
                json.WriteString("date", Day(p.Date));
                json.WriteNumber("value", p.Value);
                if (p.Support is { } support)
                {
                    json.WriteNumber("support", support);
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("trends");
            foreach (var method in s.Count >= 2 ? trends : [])
            {
                WriteTrend(json, Trends.Fit(s, method));
            }
            json.WriteEndArray();
            if (s.Count >= 2)
            {
                var change = SeriesChange.Between(s, s.First, s.Last);
                json.WriteStartObject("change");
                json.WriteString("from", Day(change.From));
                json.WriteString("to", Day(change.To));
                json.WriteNumber("absolute", change.Absolute);
                WriteNumberOrNull(json, "relative", change.Relative);
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    public static IReadOnlyList<Series> Read(Stream input, string where)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(input);
        }
        catch (JsonException e)
        {
            throw new MaoFormatException(where, $"not valid JSON: {e.Message}", inner: e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String || format.GetString() != Format)
            {
                throw new MaoFormatException(where, $"not a series file: expected \"format\": \"{Format}\" (as `mao series --json` writes)");
            }
            if (!root.TryGetProperty("series", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                throw new MaoFormatException(where, "no \"series\" array");
            }
            return list.EnumerateArray().Select((s, i) => ReadSeries(s, $"{where}: series[{i}]")).ToArray();
        }
    }

    private static Series ReadSeries(JsonElement element, string where)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String)
        {
            throw new MaoFormatException(where, "a series needs a \"name\" string");
        }
        if (!element.TryGetProperty("points", out var points) || points.ValueKind != JsonValueKind.Array)
        {
            throw new MaoFormatException(where, $"series '{name.GetString()}' has no \"points\" array");
        }
        return new Series(name.GetString()!, points.EnumerateArray().Select((p, i) => ReadPoint(p, $"{where}.points[{i}]")).ToArray(), where);
    }

    private static SeriesPoint ReadPoint(JsonElement p, string where)
    {
        if (p.ValueKind != JsonValueKind.Object
            || !p.TryGetProperty("date", out var date) || date.ValueKind != JsonValueKind.String
            || !DateOnly.TryParseExact(date.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            throw new MaoFormatException(where, "a point needs \"date\" as \"yyyy-MM-dd\"");
        }
        if (!p.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.Number)
        {
            throw new MaoFormatException(where, "a point needs a numeric \"value\"");
        }
        int? support = null;
        if (p.TryGetProperty("support", out var s) && s.ValueKind != JsonValueKind.Null)
        {
            support = s.ValueKind == JsonValueKind.Number && s.TryGetInt32(out var n) && n >= 0
                ? n
                : throw new MaoFormatException(where, "\"support\" must be a count of sites");
        }
        return new SeriesPoint(day, value.GetDouble(), support);
    }

    private static void WriteTrend(Utf8JsonWriter json, TrendLine trend)
    {
        json.WriteStartObject();
        json.WriteString("method", trend.Method == TrendMethod.Ols ? "ols" : "theil-sen");
        json.WriteString("origin", Day(trend.Origin));
        json.WriteNumber("intercept", trend.Intercept);
        json.WriteNumber("slopePerDay", trend.SlopePerDay);
        json.WriteNumber("slopePerMonth", trend.SlopePerMonth);
        WriteNumberOrNull(json, "slopePerMonthLow", trend.SlopePerMonthLow);
        WriteNumberOrNull(json, "slopePerMonthHigh", trend.SlopePerMonthHigh);
        json.WriteNumber("confidence", TrendLine.Confidence);
        WriteNumberOrNull(json, "rSquared", trend.RSquared);
        json.WriteNumber("points", trend.Points);
        json.WriteEndObject();
    }

    private static void WriteNumberOrNull(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
