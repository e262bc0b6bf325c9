using System.Collections.Concurrent;

namespace Mao.Tools.Crawling;

/// <summary>What one crawl run did: counts, errors, and whether its snapshot may replace the previous one.</summary>
public sealed class CrawlRunReport
{
    private readonly ConcurrentQueue<CrawlError> _errors = new();
    private readonly ConcurrentQueue<string> _incomplete = new();
    private readonly ConcurrentDictionary<string, long> _counters = new(StringComparer.Ordinal);
    private long _fetchedUnits;
    private long _resumedUnits;
    private long _unchangedUnits;
    private long _carriedOverUnits;

    public required string Tool { get; init; }
    public required string CrawlId { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset FinishedAt { get; set; }
    public CrawlStatus Status { get; set; }
    public int RecordCount { get; set; }
    public DateTimeOffset? ResumeAfter { get; set; }

    /// <summary>Why the status is what it is, in one sentence.</summary>
    public string Summary { get; set; } = "";

    public IReadOnlyList<CrawlError> Errors => [.. _errors];
    public long FetchedUnits => Interlocked.Read(ref _fetchedUnits);
    public long ResumedUnits => Interlocked.Read(ref _resumedUnits);
    public long UnchangedUnits => Interlocked.Read(ref _unchangedUnits);
    public long CarriedOverUnits => Interlocked.Read(ref _carriedOverUnits);

    /// <summary>
    /// Units only partly fetched (a page failed after others succeeded, or the listing ended short of its count):
    /// their fetched records are kept, the previous snapshot fills in the rest, and they are not checkpointed, so a
    /// resumed crawl fetches them again.
    /// </summary>
    public IReadOnlyList<string> IncompleteUnits => [.. _incomplete.Order(StringComparer.Ordinal)];

    /// <summary>Named counters (requests by kind, tags skipped by digest, ...), for people and benchmarks.</summary>
    public IReadOnlyDictionary<string, long> Counters => new SortedDictionary<string, long>(_counters, StringComparer.Ordinal);

    public void Count(string counter, long by = 1) => _counters.AddOrUpdate(counter, by, (_, n) => n + by);

    public void AddError(CrawlError error) => _errors.Enqueue(error);
    public void CountFetched() => Interlocked.Increment(ref _fetchedUnits);
    public void CountResumed() => Interlocked.Increment(ref _resumedUnits);
    public void CountUnchanged() => Interlocked.Increment(ref _unchangedUnits);
    public void CountCarriedOver() => Interlocked.Increment(ref _carriedOverUnits);
    public void MarkIncomplete(string unit) => _incomplete.Enqueue(unit);
}
