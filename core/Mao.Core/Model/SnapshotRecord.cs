namespace Mao.Core.Model;

/// <summary>One record of a snapshot: its key (the index column's value) and one value per schema field, in schema order.</summary>
public sealed record SnapshotRecord(string Key, FieldValue[] Values)
{
    public bool Equals(SnapshotRecord? other) =>
        other is not null && Key == other.Key && Values.AsSpan().SequenceEqual(other.Values);

    public override int GetHashCode() => HashCode.Combine(Key, Values.Length);
}
