using Mao.Core.Model;

namespace Mao.Orchestrations.ToolRuns;

/// <summary>
/// What a unit fetch returned: its records, whether the page was full (more may follow), and the unit that carries on
/// where this one stopped (<paramref name="Next"/>: a repository's next tag page), which the run adds to its units.
/// </summary>
public sealed record UnitFetch(IReadOnlyList<SnapshotRecord> Records, bool More, string? Next = null);

/// <summary>
/// A tool split into short units of work, so a durable run can fan them out, checkpoint each and resume: the plan
/// (which may fetch the listing's first page, handed back so it is not fetched twice) and one unit's fetch.
/// </summary>
public interface IToolUnits
{
    ToolManifest Manifest { get; }

    /// <summary>
    /// The units of the run of <paramref name="period"/>; <paramref name="fetched"/> receives units the plan fetched on the
    /// way (e.g. the first page). The period also names the plan's own checkpoints (<see cref="ListingCheckpoints"/>).
    /// </summary>
    Task<ToolRunPlan> PlanAsync(string period, Func<string, UnitFetch, Task> fetched, CancellationToken cancellationToken);

    Task<UnitFetch> FetchAsync(string unit, CancellationToken cancellationToken);

    /// <summary>
    /// Whether the previous run's checkpoint of a unit of this very name may stand in for fetching it (incremental runs):
    /// only when the name pins the item's state (dockerhub-tags: the repository's last_updated). Default: never.
    /// </summary>
    bool Reusable(string unit) => false;

    /// <summary>
    /// What a unit is across runs, for carry-over when its name changed (dockerhub-tags: the name without last_updated).
    /// Default: its name.
    /// </summary>
    string Identity(string unit) => unit;
}
