namespace Mao.Federation.Rounds;

/// <summary>
/// Whether this site is measuring a tool's period right now (its run of the tool for that day is under way). A peer
/// that holds no snapshot of a round's period but is measuring it answers once its snapshot is kept, not "accept" at
/// once: with every site on the same schedule, the first to finish would otherwise verify against nobody's snapshot.
/// </summary>
public interface IOwnMeasurements
{
    Task<bool> UnderWayAsync(string tool, string period, CancellationToken cancellationToken);
}

/// <summary>A host that runs no tools itself (external tools post finished snapshots): nothing is ever under way.</summary>
public sealed class NoOwnMeasurements : IOwnMeasurements
{
    public Task<bool> UnderWayAsync(string tool, string period, CancellationToken cancellationToken) => Task.FromResult(false);
}
