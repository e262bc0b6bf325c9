using Mao.Core.Model;

namespace Mao.Tools.Crawling;

/// <summary>Decides what a finished (or stopped) crawl leaves behind, so that a bad run never shrinks the dataset.</summary>
public static class CrawlOutcome
{
    public static CrawlResult Finish(
        ToolManifest manifest,
        CrawlRequest request,
        CrawlRunReport report,
        IEnumerable<SnapshotRecord> records,
        TimeProvider clock,
        bool listingFailed = false)
    {
        report.FinishedAt = clock.GetUtcNow();
        if (report.Status == CrawlStatus.Paused)
        {
            report.Summary = $"paused by a rate limit until {report.ResumeAfter:O}; the checkpoint keeps the finished units and the previous snapshot stands";
            return new CrawlResult(request.Previous, report);
        }
        var unique = Deduplicate(records);
        report.RecordCount = unique.Count;
        var previousCount = request.Previous?.Records.Count ?? 0;
        var freshUnits = report.FetchedUnits + report.ResumedUnits + report.UnchangedUnits;
        if (listingFailed && (unique.Count == 0 || freshUnits == 0))
        {
            return Failed(request, report, "the listing failed and nothing was fetched; the previous snapshot stands");
        }
        if (unique.Count == 0 && (previousCount > 0 || report.Errors.Count > 0))
        {
            return Failed(request, report, $"the crawl came back empty (previous snapshot had {previousCount} records); the previous snapshot stands");
        }
        var header = new SnapshotHeader(manifest.Name, manifest.Version, request.Site, request.ObservedAt, manifest.Schema);
        var snapshot = new Snapshot(header, unique, $"crawl {request.CrawlId}");
        report.Status = report.Errors.Count == 0 && !listingFailed ? CrawlStatus.Succeeded : CrawlStatus.Partial;
        report.Summary = report.Status == CrawlStatus.Succeeded
            ? $"{unique.Count} records"
            : $"{unique.Count} records, {report.Errors.Count} errors; units that failed kept their previous records";
        return new CrawlResult(snapshot, report);
    }

    private static CrawlResult Failed(CrawlRequest request, CrawlRunReport report, string summary)
    {
        report.Status = CrawlStatus.Failed;
        report.Summary = summary;
        report.RecordCount = request.Previous?.Records.Count ?? 0;
        return new CrawlResult(request.Previous, report);
    }

    /// <summary>Shard overlap and carried-over records may repeat a key: the first one seen is kept.</summary>
    private static List<SnapshotRecord> Deduplicate(IEnumerable<SnapshotRecord> records)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var unique = new List<SnapshotRecord>();
        foreach (var record in records)
        {
            if (seen.Add(record.Key))
            {
                unique.Add(record);
            }
        }
        return unique;
    }
}
