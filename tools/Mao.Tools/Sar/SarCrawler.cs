using Mao.Core.Model;
using Mao.Tools.Crawling;
using Mao.Tools.Http;
using Mao.Tools.Manifests;

namespace Mao.Tools.Sar;

/// <summary>
/// Crawls the public SAR catalogue page by page into an aws-sar snapshot. The endpoint only gives an approximate
/// count, so paging goes on until a short or empty page (with a margin past the estimate as a guard).
/// </summary>
public sealed class SarCrawler(SarClient client, TimeProvider clock)
{
    private const int PagesBeyondEstimate = 5;

    public async Task<CrawlResult> CrawlAsync(CrawlRequest request, ICrawlCheckpointStore checkpoints, CancellationToken cancellationToken)
    {
        var report = new CrawlRunReport { Tool = ToolManifests.AwsSar.Name, CrawlId = request.CrawlId, StartedAt = clock.GetUtcNow() };
        var units = await CheckpointedUnits.LoadAsync(checkpoints, request.CrawlId, cancellationToken).ConfigureAwait(false);
        var records = new List<SnapshotRecord>();
        var failed = false;
        var listingFailed = false;
        try
        {
            var lastPage = int.MaxValue;
            for (var pageNumber = 1; pageNumber <= lastPage; pageNumber++)
            {
                var unit = $"page:{pageNumber}";
                if (units.TryGet(unit, out var resumed))
                {
                    records.AddRange(resumed);
                    report.CountResumed();
                    if (resumed.Count < client.PageSize)
                    {
                        break;
                    }
                    continue;
                }
                try
                {
                    var page = await client.BrowseAsync(pageNumber, cancellationToken).ConfigureAwait(false);
                    report.Count("sar.browse_pages");
                    if (page.ApproximateResultCount is { } approx)
                    {
                        lastPage = Math.Min(lastPage, (approx + client.PageSize - 1) / client.PageSize + PagesBeyondEstimate);
                    }
                    var pageRecords = page.Applications!.Select(SarRecords.Build).OfType<SnapshotRecord>().ToList();
                    await units.CompleteAsync(unit, pageRecords, cancellationToken).ConfigureAwait(false);
                    records.AddRange(pageRecords);
                    report.CountFetched();
                    request.Progress?.Report(new CrawlProgress(unit, pageNumber, records.Count));
                    if (page.Applications!.Count < client.PageSize)
                    {
                        break;
                    }
                }
                catch (CrawlRequestException e)
                {
                    report.AddError(CrawlError.From(unit, e));
                    failed = true;
                    listingFailed = pageNumber == 1;
                    break; // page numbers past a gap cannot be trusted to line up
                }
            }
        }
        catch (RateLimitPauseException pause)
        {
            report.Status = CrawlStatus.Paused;
            report.ResumeAfter = pause.ResumeAfter;
        }
        if (failed && request.Previous is { } previous)
        {
            records.AddRange(previous.Records);
        }
        return CrawlOutcome.Finish(ToolManifests.AwsSar, request, report, records, clock, listingFailed);
    }
}
