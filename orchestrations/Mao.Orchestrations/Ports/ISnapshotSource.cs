using Mao.Core.Model;
using Mao.Orchestrations.Rounds;

namespace Mao.Orchestrations.Ports;

/// <summary>Reads snapshots that pointers name, checking that they hash to the pointer's content id.</summary>
public interface ISnapshotSource
{
    /// <summary>
    /// Copies a peer's snapshot into this site's round folder and returns a pointer to the copy.
    /// Idempotent per (round, site): a second call finds the copy and returns it.
    /// </summary>
    Task<SnapshotPointer> FetchAsync(FetchRequest request, CancellationToken cancellationToken);

    /// <summary>Loads and checks a snapshot; throws a MaoFormatException naming the location when it is unusable.</summary>
    Task<Snapshot> LoadAsync(SnapshotPointer pointer, CancellationToken cancellationToken);
}
