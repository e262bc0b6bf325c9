using System.Buffers;
using System.Text;
using System.Text.Json;
using Mao.Core.Model;
using Mao.Core.Serialization;

namespace Mao.Core.Sorting;

/// <summary>
/// A sorted run of records spilled to a stream, one canonical record line each (<see cref="SnapshotJsonLines.WriteRecord"/>).
/// Values are read back by their JSON kind (null, number, string, array), not by a schema, so a record comes back exactly
/// as it was written whatever its fields' kinds.
/// </summary>
internal static class RecordRun
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false };

    public static async Task WriteAsync(Stream output, IEnumerable<SnapshotRecord> records, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(1 << 17);
        using var json = new Utf8JsonWriter(buffer, WriterOptions);
        foreach (var record in records)
        {
            SnapshotJsonLines.WriteRecord(json, record);
            json.Flush();
            json.Reset();
            buffer.Write("\n"u8);
            if (buffer.WrittenCount >= 1 << 16)
            {
                await output.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
                buffer.ResetWrittenCount();
            }
        }
        await output.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a run from its start; the stream stays open (its owner disposes it).</summary>
    public static async IAsyncEnumerable<SnapshotRecord> ReadAsync(Stream input, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        input.Position = 0;
        using var reader = new StreamReader(input, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16, leaveOpen: true);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            yield return Parse(line);
        }
    }

    private static SnapshotRecord Parse(string line)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        var values = new FieldValue[root.GetProperty("values").GetArrayLength()];
        var i = 0;
        foreach (var element in root.GetProperty("values").EnumerateArray())
        {
            values[i++] = element.ValueKind switch
            {
                JsonValueKind.Null => FieldValue.Missing,
                JsonValueKind.Number => FieldValue.Of(element.GetDouble()),
                JsonValueKind.String => FieldValue.Of(element.GetString()!),
                JsonValueKind.Array => FieldValue.OfSet(element.EnumerateArray().Select(item => item.GetString()!)),
                _ => throw new InvalidOperationException($"a spilled run holds a {element.ValueKind} value, which no record writes"),
            };
        }
        return new SnapshotRecord(root.GetProperty("key").GetString()!, values);
    }
}
