using System.Text.Json.Serialization;

namespace Mao.Orchestrations.ToolRuns;

/// <summary>
/// One run of a tool for one period (UTC day); <paramref name="ObservedAt"/> goes into the snapshot header.
/// <paramref name="BatchesPerGeneration"/> bounds the orchestration's history: after that many batches it continues as new
/// with <paramref name="Cursor"/> (null on the first generation). When more than <paramref name="MaxCarriedOverShare"/> of
/// its units failed after their retries (carried over or missing), the run fails instead of keeping its snapshot.
/// </summary>
public sealed record ToolRunRequest(string Tool, string Period, DateTimeOffset ObservedAt, int Concurrency = ToolRunRequest.DefaultConcurrency,
    int BatchesPerGeneration = ToolRunRequest.DefaultBatchesPerGeneration, ToolRunCursor? Cursor = null,
    double MaxCarriedOverShare = ToolRunRequest.DefaultMaxCarriedOverShare)
{
    public const int DefaultConcurrency = 4;
    public const int DefaultBatchesPerGeneration = 50;
    public const double DefaultMaxCarriedOverShare = 0.5;
}

/// <summary>
/// The units of a run, in order, as a tool plans them. <paramref name="OpenEnded"/>: the listing's count is only an
/// estimate (SAR), so after the planned units the run goes on unit by unit while the last one came back full; units are
/// then named "kind:number" and the next one adds <paramref name="Step"/> to the number (worked out in the orchestrator,
/// which may do no I/O).
/// </summary>
public sealed record ToolRunPlan(IReadOnlyList<string> Units, bool OpenEnded, int Step = 1)
{
    /// <summary>The shard plan the units were chosen by (a sharded tool), announced with the round; null: every unit.</summary>
    public Core.Sharding.ShardPlan? Shards { get; init; }

    public static string Next(string unit, int step)
    {
        var colon = unit.LastIndexOf(':');
        return unit[..(colon + 1)] + (long.Parse(unit[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture) + step)
            .ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>
/// What the plan step hands the orchestrator: how many units the stored plan has (the names stay in the run ledger, not in
/// orchestration history) and the period of the previous kept run of the tool at this site, whose unit checkpoints feed
/// carry-over and incremental reuse (null: none).
/// </summary>
public sealed record PlannedRun(int Units, bool OpenEnded, int Step, string? Previous, Core.Sharding.ShardPlan? Shards = null);

/// <summary>
/// Where a run stands between generations (ContinueAsNew): units [0, <paramref name="Position"/>) of the ledger are done,
/// <paramref name="Total"/> are known; <paramref name="RunKey"/> names this instance's appended units in the ledger.
/// </summary>
public sealed record ToolRunCursor(PlannedRun Plan, string RunKey, int Position, int Total, int Generation, ToolRunTally Tally,
    string? LastUnit = null, bool LastMore = false, int Extra = 0);

/// <summary>Counts so far: records, units reused from the previous run, carried over, missing, and the failed units (named up to <see cref="MaxNamed"/>).</summary>
public sealed record ToolRunTally(long Records, int Reused, int CarriedOver, long CarriedOverRecords, int Missing, IReadOnlyList<FailedUnit> Failed)
{
    /// <summary>Failed units named in the cursor, the status and the result; the counts stay exact beyond it.</summary>
    public const int MaxNamed = 100;

    public static readonly ToolRunTally Zero = new(0, 0, 0, 0, 0, []);

    public ToolRunTally Add(IEnumerable<ToolUnitDone> done)
    {
        var tally = this;
        foreach (var unit in done)
        {
            var failed = unit.Origin is UnitOrigin.CarriedOver or UnitOrigin.Missing && tally.Failed.Count < MaxNamed
                ? [.. tally.Failed, new FailedUnit(unit.Unit, unit.Origin == UnitOrigin.CarriedOver ? unit.From : null, unit.Records, unit.Reason ?? "")]
                : tally.Failed;
            tally = new ToolRunTally(tally.Records + unit.Records,
                tally.Reused + (unit.Origin == UnitOrigin.Reused ? 1 : 0),
                tally.CarriedOver + (unit.Origin == UnitOrigin.CarriedOver ? 1 : 0),
                tally.CarriedOverRecords + (unit.Origin == UnitOrigin.CarriedOver ? unit.Records : 0),
                tally.Missing + (unit.Origin == UnitOrigin.Missing ? 1 : 0),
                failed);
        }
        return tally;
    }
}

/// <summary>Where a unit's records came from.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<UnitOrigin>))]
public enum UnitOrigin
{
    /// <summary>Fetched by this run.</summary>
    Fetched,

    /// <summary>Unchanged since the previous run (same unit name, e.g. same last_updated): its checkpoint was copied, nothing fetched.</summary>
    Reused,

    /// <summary>Failed after its retries: the previous run's records of the unit (or of the same unit identity) stand in.</summary>
    CarriedOver,

    /// <summary>Failed after its retries, and no previous run had it: no records.</summary>
    Missing,
}

/// <summary>A unit that failed after its retries: carried over from <paramref name="CarriedFrom"/> (the period its records were fetched in) with <paramref name="Records"/> records, or missing (null).</summary>
public sealed record FailedUnit(string Unit, string? CarriedFrom, int Records, string Reason);

/// <summary>One unit to fetch (a page, a repository, a file); <paramref name="Previous"/> is the previous kept run's period.</summary>
public sealed record ToolUnitWork(string Tool, string Period, string Unit, string? Previous = null);

/// <summary>A unit that failed after its retries, to be carried over from the previous run (<see cref="ToolUnitWork.Previous"/>).</summary>
public sealed record CarryOverWork(ToolUnitWork Work, string Reason);

/// <summary>
/// A finished unit: its record count, whether it was full (open-ended listings), its follow-up unit, if any, and where its
/// records came from (<paramref name="From"/>: the period they were fetched in, when not this run).
/// </summary>
public sealed record ToolUnitDone(string Unit, int Records, bool More, string? Next = null,
    UnitOrigin Origin = UnitOrigin.Fetched, string? From = null, string? Reason = null);

/// <summary>A slice [From, Until) of a run's unit list in the ledger.</summary>
public sealed record RunUnitsRange(string Tool, string Period, string RunKey, int From, int Until);

/// <summary>Units a generation discovered (follow-up pages), appended to the ledger at <paramref name="Start"/>.</summary>
public sealed record RunUnitsAppend(string Tool, string Period, string RunKey, int Start, IReadOnlyList<string> Units);

/// <summary>The final step: assemble the snapshot from the checkpoints of the ledger's <paramref name="Units"/> units, keep it, start its round.</summary>
public sealed record KeepToolRunRequest(string Tool, string Period, DateTimeOffset ObservedAt, string RunKey, int Units,
    Core.Sharding.ShardPlan? Shards = null);

/// <summary>
/// What a run produced: the kept snapshot and the round started over it; how many units were reused from the previous
/// kept run (<paramref name="Previous"/>), carried over from it (and their records), or missing; the failed units by name
/// (up to <see cref="ToolRunTally.MaxNamed"/>). <paramref name="Complete"/> is false when a unit is missing.
/// </summary>
public sealed record ToolRunResult(string Tool, string Period, string ContentId, int Records, int Units, string Round, string RoundOutcome,
    bool Complete = true, string? Previous = null, int Reused = 0, int CarriedOver = 0, long CarriedOverRecords = 0, int Missing = 0,
    IReadOnlyList<FailedUnit>? Failed = null);

/// <summary>The run's custom status: what people watching see.</summary>
public sealed record ToolRunProgress(string Stage, int UnitsDone, int UnitsTotal, long Records, int Reused = 0, int CarriedOver = 0, int Missing = 0)
{
    public const string Planning = "planning";
    public const string Fetching = "fetching";
    public const string Keeping = "keeping";
    public const string Done = "done";

    public static ToolRunProgress Of(string stage, int done, int total, ToolRunTally tally) =>
        new(stage, done, total, tally.Records, tally.Reused, tally.CarriedOver, tally.Missing);
}

/// <summary>Instance ids of tool runs: one per tool and period, so starting it twice starts it once.</summary>
public static class ToolRunInstance
{
    public static string Id(string tool, string period) => $"run:{tool}:{period}";

    /// <summary>Where the run's keep step stages its snapshot upload (under the snapshot container's staging prefix), so it can be cleaned up.</summary>
    public static string StagingGroup(string tool, string period) => $"runs/{tool}/{period}/";
}
