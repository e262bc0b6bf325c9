using System.Text;
using Mao.Core.Model;
using Mao.Core.Serialization;

namespace Mao.Core.Verification;

/// <summary>
/// Streams a snapshot in our JSON-lines format (<see cref="SnapshotJsonLines"/>) record by record. The canonical form is
/// sorted by key, so nothing needs to be held in memory; the engine still checks the order and names the line if not.
/// </summary>
public sealed class JsonLinesRecordSource : IRecordSource
{
    private readonly StreamReader _reader;
    private SnapshotRecord? _current;
    private int _line = 1;

    public JsonLinesRecordSource(Stream input, string where)
    {
        Where = where;
        _reader = new StreamReader(input, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: false);
        var headerLine = ReadLine() ?? throw new MaoFormatException(where, "empty snapshot: no header line", 1);
        Header = SnapshotJsonLines.ParseHeader(headerLine, where);
    }

    public SnapshotHeader Header { get; }

    public string Where { get; }

    /// <summary>Line of the current record, 1-based.</summary>
    public int Line => _line;

    public bool MoveNext()
    {
        while (ReadLine() is { } line)
        {
            _line++;
            if (line.Length == 0)
            {
                continue;
            }
            _current = SnapshotJsonLines.ParseRecord(line, Header.Schema, Where, _line);
            return true;
        }
        _current = null;
        return false;
    }

    private string? ReadLine()
    {
        try
        {
            return _reader.ReadLine();
        }
        catch (DecoderFallbackException e)
        {
            throw SnapshotJsonLines.NotUtf8(Where, e);
        }
    }

    public string CurrentKey => (_current ?? throw new InvalidOperationException("no current record")).Key;

    public ReadOnlySpan<FieldValue> CurrentValues => (_current ?? throw new InvalidOperationException("no current record")).Values;

    public void Dispose() => _reader.Dispose();
}
