using Mao.Core.Model;

namespace Mao.Tools.Crawling;

/// <summary>
/// The outcome of a crawl: the snapshot to keep (the new one, or the previous one when the crawl failed,
/// so a failed or empty crawl never shrinks the dataset) and the run report.
/// </summary>
public sealed record CrawlResult(Snapshot? Snapshot, CrawlRunReport Report)
{
    /// <summary>True when <see cref="Snapshot"/> is new data rather than the previous snapshot standing.</summary>
    public bool IsNew => Report.Status is CrawlStatus.Succeeded or CrawlStatus.Partial;
}
