using Mao.Federation.Store;

namespace Mao.Federation.Git;

/// <summary>
/// Either copy of a site's record can restore the other: blobs and index from git (every snapshot commit,
/// checked against its Snapshot-Id), or site branches from the blobs (snapshots git does not have yet).
/// </summary>
public static class DatasetRebuild
{
    /// <summary>Stores every snapshot committed on any local branch; returns (seen, newly stored).</summary>
    public static async Task<(int Seen, int Stored)> GitToStoreAsync(DatasetRepository repository, SnapshotStore store, CancellationToken cancellationToken)
    {
        int seen = 0, stored = 0;
        foreach (var branch in repository.Branches())
        {
            foreach (var commit in repository.History(branch))
            {
                cancellationToken.ThrowIfCancellationRequested();
                await using var content = repository.OpenSnapshot(commit);
                var result = await store.PutCanonicalAsync(content, commit.Trailers.SnapshotId, cancellationToken);
                seen++;
                stored += result.Created ? 1 : 0;
            }
        }
        return (seen, stored);
    }

    /// <summary>Commits to the site branches every indexed snapshot of the repository's tool that git lacks, oldest first.</summary>
    public static async Task<int> StoreToGitAsync(SnapshotStore store, DatasetRepository repository, CancellationToken cancellationToken)
    {
        var entries = await store.Index.BetweenAsync(repository.Tool, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, cancellationToken);
        var committed = 0;
        foreach (var bySite in entries.GroupBy(e => e.Site))
        {
            var present = repository.History(DatasetRepository.SiteBranch(bySite.Key)).Select(c => c.Trailers.SnapshotId).ToHashSet(StringComparer.Ordinal);
            foreach (var entry in bySite.OrderBy(e => e.ObservedAt))
            {
                if (present.Contains(entry.ContentId))
                {
                    continue;
                }
                await using var content = await store.OpenAsync(entry.ContentId, cancellationToken);
                repository.CommitSnapshot(content, entry);
                committed++;
            }
        }
        return committed;
    }
}
