using Mao.Core.Model;
using Mao.Core.Serialization;
using Mao.Core.Sorting;
using Mao.Federation.Configuration;
using Mao.Federation.Rounds;

namespace Mao.Orchestrations.ToolRuns;

/// <summary>
/// Streams a run's unit checkpoints into the site's library with bounded memory: units are read in plan order (a few
/// ahead), their records go through an external sort (runs spilled to temporary files under the data folder, bounded
/// fan-in; a key seen twice keeps the record of the earlier unit), and the sorted records are written in canonical form
/// straight into the library's upload, which hashes them on the way. Memory is one sort buffer plus one upload block,
/// whatever the run's size.
/// </summary>
public sealed class ToolRunAssembly(UnitCheckpoints checkpoints, ISnapshotLibrary library, FederationSettings settings)
{
    /// <summary>Unit checkpoints read ahead of the one being sorted (their order is kept).</summary>
    private const int ReadAhead = 8;

    public async Task<KeptSnapshot> KeepAsync(SnapshotHeader header, string tool, string period, IReadOnlyList<string> units,
        CancellationToken cancellationToken, int runRecords = ExternalRecordSort.DefaultRunRecords)
    {
        var where = $"run {ToolRunInstance.Id(tool, period)}";
        var spillFolder = Path.Combine(settings.DataDirectory, "tmp");
        Directory.CreateDirectory(spillFolder);
        await using var sort = new ExternalRecordSort(() => Spill(spillFolder), runRecords);
        var reading = new Queue<Task<List<SnapshotRecord>>>();
        var next = 0;
        while (next < units.Count || reading.Count > 0)
        {
            while (next < units.Count && reading.Count < ReadAhead)
            {
                reading.Enqueue(checkpoints.RecordsAsync(tool, period, units[next++], cancellationToken));
            }
            foreach (var record in await reading.Dequeue())
            {
                await sort.AddAsync(record, cancellationToken);
            }
        }
        return await library.KeepStreamedAsync(async (output, ct) =>
        {
            using var writer = new CanonicalSnapshotWriter(output, header, where);
            await foreach (var record in sort.SortedAsync(ct))
            {
                await writer.WriteAsync(record, ct);
            }
            return await writer.CompleteAsync(ct);
        }, ToolRunInstance.StagingGroup(tool, period), cancellationToken);
    }

    /// <summary>A sort run's temporary file: deleted when the sort disposes it, or by the OS when the process dies.</summary>
    private static FileStream Spill(string folder) =>
        new(Path.Combine(folder, $"mao-run-{Guid.NewGuid():N}.tmp"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
}
