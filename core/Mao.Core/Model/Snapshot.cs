namespace Mao.Core.Model;

/// <summary>
/// Everything one tool run at one site produced. Records are kept sorted by key (ordinal) with unique keys,
/// so the canonical form, and thus the content id, does not depend on the order records arrived in.
/// </summary>
public sealed class Snapshot
{
    public Snapshot(SnapshotHeader header, IEnumerable<SnapshotRecord> records, string where = "snapshot")
    {
        Header = header;
        var sorted = records.ToArray();
        Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        for (var i = 0; i < sorted.Length; i++)
        {
            if (sorted[i].Values.Length != header.Schema.Fields.Count)
            {
                throw new MaoFormatException(where,
                    $"record '{sorted[i].Key}' has {sorted[i].Values.Length} values but the schema has {header.Schema.Fields.Count} fields");
            }
            if (i > 0 && sorted[i - 1].Key == sorted[i].Key)
            {
                throw new MaoFormatException(where, $"duplicate index value '{sorted[i].Key}': a key may appear once per snapshot");
            }
        }
        Records = sorted;
    }

    public SnapshotHeader Header { get; }

    /// <summary>Sorted by key, keys unique.</summary>
    public IReadOnlyList<SnapshotRecord> Records { get; }

    public MetricSchema Schema => Header.Schema;

    /// <summary>SHA-256 of the canonical serialisation, lower-case hex.</summary>
    public string ContentId => _contentId ??= Serialization.ContentId.Of(this);

    private string? _contentId;
}
