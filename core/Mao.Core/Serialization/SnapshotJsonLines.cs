using System.Globalization;
using System.Text;
using System.Text.Json;
using Mao.Core.Model;

namespace Mao.Core.Serialization;

/// <summary>
/// Our own snapshot format, and the canonical form the content id is taken of: UTF-8 JSON lines,
/// first the header, then one record a line, sorted by key, values in schema order:
/// <code>
/// {"format":"mao.snapshot/1","tool":"t","toolVersion":"1","site":"s","observedAt":"2020-01-01T00:00:00.0000000Z","schema":{"index":"k","fields":[{"name":"f","kind":"performance"}]}}
/// {"key":"a","values":[1.5,"x",["arm64","amd64"],null]}
/// </code>
/// </summary>
public static class SnapshotJsonLines
{
    /// <summary>A header nests 4 levels (schema, fields, field) and a record 3 (values, a set): a line deeper than this is refused.</summary>
    private static readonly JsonDocumentOptions LineOptions = new() { MaxDepth = 6 };

    public static void Write(Snapshot snapshot, Stream output)
    {
        using var writer = new CanonicalSnapshotWriter(output, snapshot.Header, "snapshot");
        foreach (var record in snapshot.Records)
        {
            writer.Write(record);
        }
        writer.Complete();
    }

    public static byte[] ToBytes(Snapshot snapshot)
    {
        using var memory = new MemoryStream();
        Write(snapshot, memory);
        return memory.ToArray();
    }

    public static Snapshot Read(Stream input, string where)
    {
        try
        {
            return ReadLines(input, where);
        }
        catch (DecoderFallbackException e)
        {
            throw NotUtf8(where, e);
        }
    }

    /// <summary>The reader decodes ahead in blocks, so the line being parsed is not where the bad bytes are: none is named.</summary>
    internal static MaoFormatException NotUtf8(string where, DecoderFallbackException e) =>
        new(where, $"snapshot is not valid UTF-8 ({e.Message.TrimEnd('.')})", inner: e);

    private static Snapshot ReadLines(Stream input, string where)
    {
        using var reader = new StreamReader(input, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        var headerLine = reader.ReadLine() ?? throw new MaoFormatException(where, "empty snapshot: no header line", 1);
        var header = ParseHeader(headerLine, where);
        var records = new List<SnapshotRecord>();
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }
            records.Add(ParseRecord(line, header.Schema, where, lineNumber));
        }
        return new Snapshot(header, records, where);
    }

    public static Snapshot Read(byte[] bytes, string where)
    {
        using var memory = new MemoryStream(bytes, writable: false);
        return Read(memory, where);
    }

    internal static void WriteHeader(Utf8JsonWriter writer, SnapshotHeader header)
    {
        writer.WriteStartObject();
        writer.WriteString("format", header.Format);
        writer.WriteString("tool", header.Tool);
        writer.WriteString("toolVersion", header.ToolVersion);
        writer.WriteString("site", header.Site);
        writer.WriteString("observedAt", header.ObservedAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
        writer.WritePropertyName("schema");
        writer.WriteStartObject();
        writer.WriteString("index", header.Schema.Index);
        writer.WriteStartArray("fields");
        foreach (var field in header.Schema.Fields)
        {
            writer.WriteStartObject();
            writer.WriteString("name", field.Name);
            writer.WriteString("kind", JsonNamingPolicy.CamelCase.ConvertName(field.Kind.ToString()));
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>One record as the canonical form writes it: {"key":...,"values":[...]} with values null, number, string or string array.</summary>
    public static void WriteRecord(Utf8JsonWriter writer, SnapshotRecord record)
    {
        writer.WriteStartObject();
        writer.WriteString("key", record.Key);
        writer.WriteStartArray("values");
        foreach (var value in record.Values)
        {
            switch (value.Kind)
            {
                case FieldValueKind.Missing: writer.WriteNullValue(); break;
                case FieldValueKind.Number: writer.WriteNumberValue(value.Number); break;
                case FieldValueKind.Text: writer.WriteStringValue(value.Text); break;
                case FieldValueKind.Set:
                    writer.WriteStartArray();
                    foreach (var item in value.Set)
                    {
                        writer.WriteStringValue(item);
                    }
                    writer.WriteEndArray();
                    break;
            }
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    internal static SnapshotHeader ParseHeader(string line, string where)
    {
        try
        {
            using var document = JsonDocument.Parse(line, LineOptions);
            var root = document.RootElement;
            var format = RequiredString(root, "format", where);
            if (format != SnapshotHeader.CurrentFormat)
            {
                throw new MaoFormatException(where, $"unknown snapshot format '{format}', expected '{SnapshotHeader.CurrentFormat}'", 1);
            }
            var schemaElement = root.TryGetProperty("schema", out var s) && s.ValueKind == JsonValueKind.Object
                ? s : throw new MaoFormatException(where, "header has no 'schema' object", 1);
            var fields = new List<FieldSpec>();
            if (!schemaElement.TryGetProperty("fields", out var fieldsElement) || fieldsElement.ValueKind != JsonValueKind.Array)
            {
                throw new MaoFormatException(where, "schema has no 'fields' array", 1);
            }
            foreach (var field in fieldsElement.EnumerateArray())
            {
                var kindText = RequiredString(field, "kind", where);
                if (!Enum.TryParse<FieldKind>(kindText, ignoreCase: true, out var kind) || !Enum.IsDefined(kind))
                {
                    throw new MaoFormatException(where, $"unknown field kind '{kindText}'", 1);
                }
                fields.Add(new FieldSpec(RequiredString(field, "name", where), kind));
            }
            var observedText = RequiredString(root, "observedAt", where);
            if (!DateTimeOffset.TryParse(observedText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var observedAt))
            {
                throw new MaoFormatException(where, $"observedAt '{observedText}' is not a date and time", 1);
            }
            var header = new SnapshotHeader(
                RequiredString(root, "tool", where),
                RequiredString(root, "toolVersion", where),
                RequiredString(root, "site", where),
                observedAt,
                new MetricSchema(RequiredString(schemaElement, "index", where), fields));
            header.Validate(where);
            return header;
        }
        catch (JsonException e)
        {
            throw new MaoFormatException(where, $"header is not valid JSON: {e.Message}", 1, inner: e);
        }
        catch (InvalidOperationException e) when (MaoJson.IsInvalidText(e))
        {
            throw new MaoFormatException(where, $"header holds text that is not valid Unicode: {e.Message}", 1, inner: e);
        }
    }

    internal static SnapshotRecord ParseRecord(string line, MetricSchema schema, string where, int lineNumber)
    {
        try
        {
            using var document = JsonDocument.Parse(line, LineOptions);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("key", out var keyElement) || keyElement.ValueKind != JsonValueKind.String)
            {
                throw new MaoFormatException(where, "record has no string 'key'", lineNumber, schema.Index);
            }
            if (!root.TryGetProperty("values", out var valuesElement) || valuesElement.ValueKind != JsonValueKind.Array)
            {
                throw new MaoFormatException(where, "record has no 'values' array", lineNumber);
            }
            if (valuesElement.GetArrayLength() != schema.Fields.Count)
            {
                throw new MaoFormatException(where, $"record has {valuesElement.GetArrayLength()} values, schema has {schema.Fields.Count} fields", lineNumber);
            }
            var values = new FieldValue[schema.Fields.Count];
            var i = 0;
            foreach (var element in valuesElement.EnumerateArray())
            {
                values[i] = ParseValue(element, schema.Fields[i], where, lineNumber);
                i++;
            }
            return new SnapshotRecord(keyElement.GetString()!, values);
        }
        catch (JsonException e)
        {
            throw new MaoFormatException(where, $"record is not valid JSON: {e.Message}", lineNumber, inner: e);
        }
        catch (InvalidOperationException e) when (MaoJson.IsInvalidText(e))
        {
            throw new MaoFormatException(where, $"record holds text that is not valid Unicode: {e.Message}", lineNumber, inner: e);
        }
    }

    private static FieldValue ParseValue(JsonElement element, FieldSpec field, string where, int lineNumber)
    {
        if (element.ValueKind == JsonValueKind.Null)
        {
            return FieldValue.Missing;
        }
        switch (field.Kind)
        {
            case FieldKind.Performance or FieldKind.Count when element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out var number) && double.IsFinite(number):
                return FieldValue.Of(number);
            case FieldKind.Category when element.ValueKind == JsonValueKind.String:
                return FieldValue.Of(element.GetString()!);
            case FieldKind.Set when element.ValueKind == JsonValueKind.Array:
                var items = new List<string>();
                foreach (var item in element.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.String)
                    {
                        throw new MaoFormatException(where, $"set items must be strings, got {item.ValueKind}", lineNumber, field.Name);
                    }
                    items.Add(item.GetString()!);
                }
                return FieldValue.OfSet(items);
            default:
                throw new MaoFormatException(where, $"a {field.Kind} field cannot hold JSON {element.ValueKind} '{Truncate(element.GetRawText())}'", lineNumber, field.Name);
        }
    }

    private static string RequiredString(JsonElement element, string name, string where) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new MaoFormatException(where, $"missing string property '{name}'", 1);

    private static string Truncate(string text) => text.Length > 40 ? text[..40] + "..." : text;
}
