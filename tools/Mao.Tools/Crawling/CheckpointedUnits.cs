using Mao.Core.Model;

namespace Mao.Tools.Crawling;

/// <summary>
/// The units a crawl already finished (from its checkpoint) and the way to record a newly finished one.
/// A unit is written with all its records at once, after it is complete, so a resume neither loses nor repeats records.
/// </summary>
public sealed class CheckpointedUnits
{
    private readonly ICrawlCheckpointStore _store;
    private readonly string _crawlId;
    private readonly Dictionary<string, List<SnapshotRecord>> _done;

    private CheckpointedUnits(ICrawlCheckpointStore store, string crawlId, Dictionary<string, List<SnapshotRecord>> done)
    {
        _store = store;
        _crawlId = crawlId;
        _done = done;
    }

    public int Count => _done.Count;

    public static async Task<CheckpointedUnits> LoadAsync(ICrawlCheckpointStore store, string crawlId, CancellationToken cancellationToken)
    {
        var done = new Dictionary<string, List<SnapshotRecord>>(StringComparer.Ordinal);
        foreach (var entry in await store.LoadAsync(crawlId, cancellationToken).ConfigureAwait(false))
        {
            // A later entry for the same unit wins: it is the more recent complete fetch.
            done[entry.Unit] = RecordPayload.Read(entry.Payload, $"checkpoint {crawlId} unit {entry.Unit}");
        }
        return new CheckpointedUnits(store, crawlId, done);
    }

    public bool TryGet(string unit, out List<SnapshotRecord> records)
    {
        lock (_done)
        {
            return _done.TryGetValue(unit, out records!);
        }
    }

    /// <summary>Writes a finished unit to the checkpoint. Not kept here: the crawler holds its records already.</summary>
    public Task CompleteAsync(string unit, IReadOnlyList<SnapshotRecord> records, CancellationToken cancellationToken) =>
        _store.AppendAsync(_crawlId, new CheckpointEntry(unit, RecordPayload.Write(records)), cancellationToken);
}
