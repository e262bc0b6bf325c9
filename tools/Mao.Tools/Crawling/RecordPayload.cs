using System.Text.Json;
using Mao.Core;
using Mao.Core.Model;
using Mao.Core.Serialization;

namespace Mao.Tools.Crawling;

/// <summary>
/// Records as a checkpoint payload: a JSON array of {key, values}; a value is null, a number, a string or an
/// array of strings, which says its kind, so no schema is needed to read it back.
/// </summary>
public static class RecordPayload
{
    public static string Write(IEnumerable<SnapshotRecord> records)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var record in records)
            {
                SnapshotJsonLines.WriteRecord(writer, record);
            }
            writer.WriteEndArray();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static List<SnapshotRecord> Read(string payload, string where)
    {
        using var document = JsonDocument.Parse(payload);
        var records = new List<SnapshotRecord>();
        foreach (var element in document.RootElement.EnumerateArray())
        {
            var key = element.GetProperty("key").GetString() ?? throw new MaoFormatException(where, "checkpoint record without key");
            var values = element.GetProperty("values").EnumerateArray().Select(v => ReadValue(v, where)).ToArray();
            records.Add(new SnapshotRecord(key, values));
        }
        return records;
    }

    private static FieldValue ReadValue(JsonElement element, string where) => element.ValueKind switch
    {
        JsonValueKind.Null => FieldValue.Missing,
        JsonValueKind.Number => FieldValue.Of(element.GetDouble()),
        JsonValueKind.String => FieldValue.Of(element.GetString()!),
        JsonValueKind.Array => FieldValue.OfSet(element.EnumerateArray().Select(i => i.GetString() ?? "")),
        _ => throw new MaoFormatException(where, $"checkpoint value of unexpected JSON kind {element.ValueKind}"),
    };
}
