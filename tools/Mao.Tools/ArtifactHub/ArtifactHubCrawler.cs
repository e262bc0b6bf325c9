using Mao.Core.Model;
using Mao.Tools.Crawling;
using Mao.Tools.Http;
using Mao.Tools.Manifests;

namespace Mao.Tools.ArtifactHub;

/// <summary>
/// Crawls all Helm packages page by page (limit 60, offset) into an artifacthub-helm snapshot; a page is the unit
/// of checkpointing. A page that fails is reported and the previous snapshot's records fill the gap.
/// </summary>
public sealed class ArtifactHubCrawler(ArtifactHubClient client, TimeProvider clock)
{
    public async Task<CrawlResult> CrawlAsync(CrawlRequest request, ICrawlCheckpointStore checkpoints, CancellationToken cancellationToken)
    {
        var report = new CrawlRunReport { Tool = ToolManifests.ArtifactHubHelm.Name, CrawlId = request.CrawlId, StartedAt = clock.GetUtcNow() };
        var units = await CheckpointedUnits.LoadAsync(checkpoints, request.CrawlId, cancellationToken).ConfigureAwait(false);
        var records = new List<SnapshotRecord>();
        var anyPageFailed = false;
        var listingFailed = false;
        try
        {
            int? total = null;
            for (var offset = 0; total is null || offset < total; offset += client.PageSize)
            {
                var unit = $"offset:{offset}";
                if (units.TryGet(unit, out var resumed) && total is not null)
                {
                    records.AddRange(resumed);
                    report.CountResumed();
                    continue;
                }
                try
                {
                    var (packages, pageTotal) = await client.SearchAsync(offset, cancellationToken).ConfigureAwait(false);
                    report.Count("artifacthub.search_pages");
                    total = pageTotal;
                    var pageRecords = packages.Select(HelmRecords.Build).OfType<SnapshotRecord>().ToList();
                    if (units.TryGet(unit, out resumed))
                    {
                        // Only fetched for the total: the checkpointed records of this page stand.
                        records.AddRange(resumed);
                        report.CountResumed();
                        continue;
                    }
                    await units.CompleteAsync(unit, pageRecords, cancellationToken).ConfigureAwait(false);
                    records.AddRange(pageRecords);
                    report.CountFetched();
                    request.Progress?.Report(new CrawlProgress(unit, offset / client.PageSize + 1, records.Count));
                    if (packages.Count == 0)
                    {
                        break; // the total shrank while we paged
                    }
                }
                catch (CrawlRequestException e)
                {
                    report.AddError(CrawlError.From(unit, e));
                    anyPageFailed = true;
                    if (total is null)
                    {
                        listingFailed = true;
                        break; // without the first page there is no total to page through
                    }
                }
            }
        }
        catch (RateLimitPauseException pause)
        {
            report.Status = CrawlStatus.Paused;
            report.ResumeAfter = pause.ResumeAfter;
        }
        if (anyPageFailed && request.Previous is { } previous)
        {
            // Keys already fetched win; the previous snapshot fills in packages of the failed pages.
            records.AddRange(previous.Records);
        }
        return CrawlOutcome.Finish(ToolManifests.ArtifactHubHelm, request, report, records, clock, listingFailed);
    }
}
