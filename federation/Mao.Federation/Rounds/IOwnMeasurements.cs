namespace Mao.Federation.Rounds;

/// <summary>
/// Whether this site is measuring a tool's period: its run of the tool for that day is under way, or (a host that runs
/// the tool on a schedule) it has no run of that period yet and starts one now, because it was asked to verify it. A peer
/// that holds no snapshot of a round's period but is measuring it answers once its snapshot is kept, not "accept" at
/// once: with every site on the same schedule, the first to finish would otherwise verify against nobody's snapshot,
/// and a peer asked just after a restart, before its scheduler fires, would never be compared.
/// </summary>
public interface IOwnMeasurements
{
    /// <summary>True while the site's own run of (tool, period) is under way (started here if need be); false: answer without it.</summary>
    Task<bool> MeasuringAsync(string tool, string period, CancellationToken cancellationToken);
}

/// <summary>A host that runs no tools itself (external tools post finished snapshots): nothing is ever under way.</summary>
public sealed class NoOwnMeasurements : IOwnMeasurements
{
    public Task<bool> MeasuringAsync(string tool, string period, CancellationToken cancellationToken) => Task.FromResult(false);
}
