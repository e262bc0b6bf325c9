namespace Mao.Tools.Crawling;

/// <summary>One finished unit of a crawl (a repository, a page) and its records, serialised by the crawler.</summary>
public sealed record CheckpointEntry(string Unit, string Payload);

/// <summary>
/// Where a crawl remembers the units it finished, so a crash or a pause loses nothing and repeats nothing.
/// Append-only: an entry is written once its unit is complete, so a resume never sees half a unit.
/// A file store lives in tools; blob- and table-backed stores plug in the same way.
/// </summary>
public interface ICrawlCheckpointStore
{
    Task<IReadOnlyList<CheckpointEntry>> LoadAsync(string crawlId, CancellationToken cancellationToken);

    Task AppendAsync(string crawlId, CheckpointEntry entry, CancellationToken cancellationToken);

    /// <summary>Forget a crawl's checkpoint once its snapshot is kept.</summary>
    Task ClearAsync(string crawlId, CancellationToken cancellationToken);
}
