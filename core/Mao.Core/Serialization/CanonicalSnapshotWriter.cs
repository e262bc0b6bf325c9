using System.Buffers;
using System.Text.Json;
using Mao.Core.Model;

namespace Mao.Core.Serialization;

/// <summary>
/// Writes the canonical form (<see cref="SnapshotJsonLines"/>) one record at a time: the header line first, then records
/// that must come sorted by key (ordinal), keys unique, one value per schema field. Lines are gathered in a small buffer
/// and passed on to the output in blocks, so a snapshot of any size streams through a fixed amount of memory; the output
/// decides where the bytes go (a hashing stream gives the content id, a blob upload stores them).
/// </summary>
public sealed class CanonicalSnapshotWriter : IDisposable
{
    private const int BlockBytes = 1 << 16;
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false, SkipValidation = false };

    private readonly Stream _output;
    private readonly string _where;
    private readonly ArrayBufferWriter<byte> _buffer = new(BlockBytes * 2);
    private readonly Utf8JsonWriter _json;
    private string? _previousKey;

    public CanonicalSnapshotWriter(Stream output, SnapshotHeader header, string where)
    {
        _output = output;
        _where = where;
        Header = header;
        _json = new Utf8JsonWriter(_buffer, WriterOptions);
        SnapshotJsonLines.WriteHeader(_json, header);
        EndLine();
    }

    public SnapshotHeader Header { get; }

    public int Records { get; private set; }

    /// <summary>Adds a record; writes a block to the output when the buffer is full.</summary>
    public void Write(SnapshotRecord record)
    {
        Append(record);
        if (_buffer.WrittenCount >= BlockBytes)
        {
            _output.Write(_buffer.WrittenSpan);
            _buffer.ResetWrittenCount();
        }
    }

    /// <inheritdoc cref="Write"/>
    public async ValueTask WriteAsync(SnapshotRecord record, CancellationToken cancellationToken)
    {
        Append(record);
        if (_buffer.WrittenCount >= BlockBytes)
        {
            await _output.WriteAsync(_buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
            _buffer.ResetWrittenCount();
        }
    }

    /// <summary>Writes what is buffered; the result says how many records the canonical form holds.</summary>
    public CanonicalisedSnapshot Complete()
    {
        _output.Write(_buffer.WrittenSpan);
        _buffer.ResetWrittenCount();
        return new CanonicalisedSnapshot(Header, Records, Sorted: true);
    }

    /// <inheritdoc cref="Complete"/>
    public async ValueTask<CanonicalisedSnapshot> CompleteAsync(CancellationToken cancellationToken)
    {
        await _output.WriteAsync(_buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        _buffer.ResetWrittenCount();
        return new CanonicalisedSnapshot(Header, Records, Sorted: true);
    }

    public void Dispose() => _json.Dispose();

    private void Append(SnapshotRecord record)
    {
        if (record.Values.Length != Header.Schema.Fields.Count)
        {
            throw new MaoFormatException(_where,
                $"record '{record.Key}' has {record.Values.Length} values but the schema has {Header.Schema.Fields.Count} fields");
        }
        if (_previousKey is not null)
        {
            var order = string.CompareOrdinal(_previousKey, record.Key);
            if (order == 0)
            {
                throw new MaoFormatException(_where, $"duplicate index value '{record.Key}': a key may appear once per snapshot");
            }
            if (order > 0)
            {
                throw new MaoFormatException(_where, $"record '{record.Key}' comes after '{_previousKey}': the canonical form is sorted by key");
            }
        }
        _previousKey = record.Key;
        SnapshotJsonLines.WriteRecord(_json, record);
        EndLine();
        Records++;
    }

    private void EndLine()
    {
        _json.Flush();
        _json.Reset();
        _buffer.Write("\n"u8);
    }
}
