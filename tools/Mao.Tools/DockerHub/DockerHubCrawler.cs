using System.Collections.Concurrent;
using Mao.Core.Model;
using Mao.Tools.Crawling;
using Mao.Tools.Http;
using Mao.Tools.Manifests;
using Microsoft.Extensions.Options;

namespace Mao.Tools.DockerHub;

/// <summary>
/// Crawls every tag of the configured namespaces (this site's shard of them) into a dockerhub-tags snapshot.
/// A repository is the unit of work and of checkpointing; unchanged repositories (same last_updated) and
/// unchanged tags (same digest on HEAD) are taken from the previous snapshot; a repository that fails keeps
/// its previous records.
/// </summary>
public sealed class DockerHubCrawler(HubApiClient hub, RepositoryTags tags, IOptions<DockerHubOptions> options, TimeProvider clock)
{
    private readonly DockerHubOptions _options = options.Value;

    public async Task<CrawlResult> CrawlAsync(CrawlRequest request, ICrawlCheckpointStore checkpoints, CancellationToken cancellationToken)
    {
        var report = new CrawlRunReport { Tool = ToolManifests.DockerHubTags.Name, CrawlId = request.CrawlId, StartedAt = clock.GetUtcNow() };
        var units = await CheckpointedUnits.LoadAsync(checkpoints, request.CrawlId, cancellationToken).ConfigureAwait(false);
        var previous = new PreviousTags(request.Previous);
        var shard = new ShardSelector(_options.ShardIndex, _options.ShardCount, _options.ShardOverlap);
        var collected = new ConcurrentQueue<IReadOnlyList<SnapshotRecord>>();
        var listing = await ListRepositoriesAsync(shard, report, cancellationToken).ConfigureAwait(false);
        long done = 0, recordCount = 0;
        try
        {
            if (listing.PausedUntil is { } until)
            {
                throw new RateLimitPauseException(_options.HubBaseUrl, until);
            }
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.RepositoryConcurrency), CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(listing.Repositories, parallel, async (repository, token) =>
            {
                var records = await RepositoryRecordsAsync(repository, units, previous, report, token).ConfigureAwait(false);
                collected.Enqueue(records);
                var total = Interlocked.Add(ref recordCount, records.Count);
                request.Progress?.Report(new CrawlProgress(repository.FullName, Interlocked.Increment(ref done), total));
            }).ConfigureAwait(false);
        }
        catch (Exception e) when (FindPause(e) is { } pause)
        {
            report.Status = CrawlStatus.Paused;
            report.ResumeAfter = pause.ResumeAfter;
        }
        // Repositories of a namespace whose listing broke off may not have been seen: keep what we had of them.
        var listed = listing.Repositories.Select(r => r.FullName).ToHashSet(StringComparer.Ordinal);
        foreach (var repository in previous.Repositories.Where(r => listing.IncompleteNamespaces.Contains(r.Split('/')[0]) && !listed.Contains(r) && shard.Owns(r)))
        {
            collected.Enqueue(previous.Of(repository));
            report.CountCarriedOver();
        }
        return CrawlOutcome.Finish(ToolManifests.DockerHubTags, request, report, collected.SelectMany(r => r), clock,
            listingFailed: listing.IncompleteNamespaces.Count > 0);
    }

    private async Task<Listing> ListRepositoriesAsync(ShardSelector shard, CrawlRunReport report, CancellationToken cancellationToken)
    {
        var listing = new Listing();
        foreach (var @namespace in _options.EffectiveNamespaces)
        {
            var tally = hub.NewTally();
            try
            {
                await foreach (var page in hub.RepositoryPagesAsync(@namespace, tally, cancellationToken).ConfigureAwait(false))
                {
                    report.Count("hub.repository_pages");
                    foreach (var repository in page.Results!)
                    {
                        if (repository.Name is { Length: > 0 } name && shard.Owns($"{@namespace}/{name}"))
                        {
                            listing.Repositories.Add(new RepositoryRef(@namespace, name, repository.LastUpdated));
                        }
                    }
                }
                if (tally.Shortfall("repositories") is { } shortfall)
                {
                    throw shortfall;
                }
            }
            catch (CrawlRequestException e)
            {
                // Repositories listed so far are crawled; the previous snapshot stands in for the ones not seen.
                report.AddError(CrawlError.From($"namespace {@namespace}", e));
                listing.IncompleteNamespaces.Add(@namespace);
            }
            catch (RateLimitPauseException e)
            {
                listing.IncompleteNamespaces.Add(@namespace);
                listing.PausedUntil = e.ResumeAfter;
                break;
            }
        }
        // A repository listed twice (pages shifting during the crawl) is crawled once.
        listing.Repositories = [.. listing.Repositories.DistinctBy(r => r.FullName, StringComparer.Ordinal)];
        return listing;
    }

    private async Task<IReadOnlyList<SnapshotRecord>> RepositoryRecordsAsync(
        RepositoryRef repository, CheckpointedUnits units, PreviousTags previous, CrawlRunReport report, CancellationToken cancellationToken)
    {
        var unit = repository.FullName;
        if (units.TryGet(unit, out var resumed))
        {
            report.CountResumed();
            return resumed;
        }
        if (previous.IsUnchanged(unit, repository.LastUpdated))
        {
            var unchanged = previous.Of(unit);
            await units.CompleteAsync(unit, unchanged, cancellationToken).ConfigureAwait(false);
            report.CountUnchanged();
            return unchanged;
        }
        var fetched = await tags.FetchAsync(repository, previous, report, cancellationToken).ConfigureAwait(false);
        if (fetched.Problem is null)
        {
            await units.CompleteAsync(unit, fetched.Records, cancellationToken).ConfigureAwait(false);
            report.CountFetched();
            return fetched.Records;
        }
        report.AddError(CrawlError.From(unit, fetched.Problem));
        if (fetched.Records.Count == 0)
        {
            report.CountCarriedOver();
            return previous.Of(unit);
        }
        // Some pages came: keep them, let the previous snapshot fill in tags on the pages that did not, and leave the
        // unit out of the checkpoint so a resumed crawl fetches it whole.
        report.MarkIncomplete(unit);
        var keys = fetched.Records.Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
        return [.. fetched.Records, .. previous.Of(unit).Where(r => !keys.Contains(r.Key))];
    }

    private static RateLimitPauseException? FindPause(Exception e) => e switch
    {
        RateLimitPauseException pause => pause,
        AggregateException aggregate => aggregate.InnerExceptions.Select(FindPause).FirstOrDefault(p => p is not null),
        _ => null,
    };

    private sealed class Listing
    {
        public List<RepositoryRef> Repositories { get; set; } = [];
        public HashSet<string> IncompleteNamespaces { get; } = new(StringComparer.Ordinal);
        public DateTimeOffset? PausedUntil { get; set; }
    }
}
