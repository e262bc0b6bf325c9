using Azure.Storage.Blobs.Models;
using Mao.Federation.Store;

namespace Mao.Orchestrations.ToolRuns;

/// <summary>What a clean-up after a kept run deleted: staging blobs of its keep step, and the older kept runs whose blobs went.</summary>
public sealed record RunCleanupResult(int StagingBlobs, IReadOnlyList<string> Periods, int RunBlobs);

/// <summary>
/// Deletes what a kept run no longer needs: the staging blobs its keep step left (a step killed between upload and copy;
/// <see cref="ToolRunInstance.StagingGroup"/>), and the unit checkpoints, listing pages and ledger of the tool's OLDER kept
/// runs. What stays: the latest kept run (its checkpoints feed the next run's reuse and carry-over), the run just kept,
/// every run not kept (no kept marker: under way, failed, never finished) and any kept run that such a run's stored plan
/// builds on. The kept marker goes last, so a clean-up cut short is found and finished by the next one; idempotent.
/// </summary>
public sealed class RunCleanup(RunBlobs blobs, RunLedger ledger, SnapshotStore store)
{
    public async Task<RunCleanupResult> AfterKeptAsync(string tool, string period, CancellationToken cancellationToken)
    {
        var staging = await store.Blobs.DeleteStagingAsync(ToolRunInstance.StagingGroup(tool, period), cancellationToken);
        if (await ledger.KeptAsync(tool, period, cancellationToken) is null)
        {
            return new RunCleanupResult(staging, [], 0); // not kept (yet): older runs may still be what the next run builds on
        }
        var kept = new List<string>();
        var protectedPeriods = new HashSet<string>(StringComparer.Ordinal) { period };
        foreach (var candidate in await ledger.PeriodsAsync(tool, cancellationToken))
        {
            if (await ledger.KeptAsync(tool, candidate, cancellationToken) is not null)
            {
                kept.Add(candidate);
            }
            else if (await ledger.PlannedPreviousAsync(tool, candidate, cancellationToken) is { } previous)
            {
                protectedPeriods.Add(previous); // a run not kept yet reuses and carries over from it
            }
        }
        if (kept.Count > 0)
        {
            protectedPeriods.Add(kept.Max(StringComparer.Ordinal)!);
        }
        var removed = new List<string>();
        var deleted = 0;
        foreach (var old in kept.Where(p => string.CompareOrdinal(p, period) < 0 && !protectedPeriods.Contains(p)).Order(StringComparer.Ordinal))
        {
            deleted += await DeletePrefixAsync(UnitCheckpoints.Folder(tool, old), except: null, cancellationToken);
            deleted += await DeletePrefixAsync(ListingCheckpoints.Folder(tool, old), except: null, cancellationToken);
            var marker = RunLedger.KeptMarker(tool, old);
            deleted += await DeletePrefixAsync(RunLedger.Folder(tool, old), except: marker, cancellationToken);
            deleted += (await blobs.Container.GetBlobClient(marker).DeleteIfExistsAsync(cancellationToken: cancellationToken)).Value ? 1 : 0;
            removed.Add(old);
        }
        return new RunCleanupResult(staging, removed, deleted);
    }

    private async Task<int> DeletePrefixAsync(string prefix, string? except, CancellationToken cancellationToken)
    {
        var deleted = 0;
        await foreach (var blob in blobs.Container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken))
        {
            if (blob.Name != except)
            {
                deleted += (await blobs.Container.GetBlobClient(blob.Name).DeleteIfExistsAsync(cancellationToken: cancellationToken)).Value ? 1 : 0;
            }
        }
        return deleted;
    }
}
