using Mao.Core.Model;

namespace Mao.Core.Verification;

/// <summary>
/// One site's snapshot, read one record at a time in ascending ordinal key order, so the engine can merge many
/// sites without holding any of them in memory. <see cref="CurrentValues"/> may be a reused buffer: it is valid
/// until the next <see cref="MoveNext"/>.
/// </summary>
public interface IRecordSource : IDisposable
{
    SnapshotHeader Header { get; }

    /// <summary>Where the records come from (file, branch, blob), for error messages.</summary>
    string Where { get; }

    bool MoveNext();

    string CurrentKey { get; }

    ReadOnlySpan<FieldValue> CurrentValues { get; }
}

/// <summary>A materialised snapshot as a record source (its records are already sorted with unique keys).</summary>
public sealed class SnapshotRecordSource(Snapshot snapshot, string where) : IRecordSource
{
    private int _index = -1;

    public SnapshotRecordSource(Snapshot snapshot) : this(snapshot, $"snapshot of site '{snapshot.Header.Site}'")
    {
    }

    public SnapshotHeader Header => snapshot.Header;

    public string Where => where;

    public bool MoveNext() => ++_index < snapshot.Records.Count;

    public string CurrentKey => snapshot.Records[_index].Key;

    public ReadOnlySpan<FieldValue> CurrentValues => snapshot.Records[_index].Values;

    public void Dispose()
    {
    }
}
