using System.Text;
using System.Text.Json;
using Mao.Core.Model;

namespace Mao.Core.Serialization;

/// <summary>What streaming a snapshot through <see cref="SnapshotCanonicaliser"/> found: its header, how many records, and
/// whether they came sorted by key (only then is the written stream the canonical form the content id is taken of).</summary>
public sealed record CanonicalisedSnapshot(SnapshotHeader Header, int Records, bool Sorted);

/// <summary>
/// Validates a snapshot in JSON lines one line at a time while writing each line in canonical form to an output stream,
/// so a large snapshot is never held in memory: the output (a hashing temporary file) gives the content id directly
/// when the records arrived sorted, as <see cref="SnapshotJsonLines.Write"/> writes them.
/// </summary>
public static class SnapshotCanonicaliser
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false };

    /// <param name="checkHeader">Runs on the header before any record is read (refuse early: wrong tool, site, schema).</param>
    public static async Task<CanonicalisedSnapshot> CanonicaliseAsync(
        Stream input, Stream output, string where, Action<SnapshotHeader>? checkHeader, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(input, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16, leaveOpen: true);
        var headerLine = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false)
                         ?? throw new MaoFormatException(where, "empty snapshot: no header line", 1);
        var header = SnapshotJsonLines.ParseHeader(headerLine, where);
        checkHeader?.Invoke(header);
        var buffer = new MemoryStream();
        await using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            SnapshotJsonLines.WriteHeader(writer, header);
        }
        buffer.WriteByte((byte)'\n');
        await output.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken).ConfigureAwait(false);
        string? previous = null;
        var sorted = true;
        var records = 0;
        var lineNumber = 1;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }
            var record = SnapshotJsonLines.ParseRecord(line, header.Schema, where, lineNumber);
            if (previous is not null)
            {
                var order = string.CompareOrdinal(previous, record.Key);
                if (order == 0)
                {
                    throw new MaoFormatException(where, $"duplicate index value '{record.Key}': a key may appear once per snapshot", lineNumber);
                }
                sorted &= order < 0;
            }
            previous = record.Key;
            buffer.SetLength(0);
            await using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
            {
                SnapshotJsonLines.WriteRecord(writer, record);
            }
            buffer.WriteByte((byte)'\n');
            await output.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken).ConfigureAwait(false);
            records++;
        }
        return new CanonicalisedSnapshot(header, records, sorted);
    }
}
