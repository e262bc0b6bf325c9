namespace Mao.Orchestrations.ToolRuns;

/// <summary>One run of a tool for one period (UTC day); <paramref name="ObservedAt"/> goes into the snapshot header.</summary>
public sealed record ToolRunRequest(string Tool, string Period, DateTimeOffset ObservedAt, int Concurrency = ToolRunRequest.DefaultConcurrency)
{
    public const int DefaultConcurrency = 4;
}

/// <summary>
/// The units of a run, in order. <paramref name="OpenEnded"/>: the listing's count is only an estimate (SAR), so after the
/// planned units the run goes on unit by unit while the last one came back full; units are then named "kind:number"
/// and the next one adds <paramref name="Step"/> to the number (worked out in the orchestrator, which may do no I/O).
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

/// <summary>One unit to fetch (a page, a repository, a file).</summary>
public sealed record ToolUnitWork(string Tool, string Period, string Unit);

/// <summary>A finished unit: its record count, whether it was full (open-ended listings) and its follow-up unit, if any.</summary>
public sealed record ToolUnitDone(string Unit, int Records, bool More, string? Next = null);

/// <summary>The final step: assemble the snapshot from the unit checkpoints, keep it, start its round.</summary>
public sealed record KeepToolRunRequest(string Tool, string Period, DateTimeOffset ObservedAt, IReadOnlyList<string> Units,
    Core.Sharding.ShardPlan? Shards = null);

/// <summary>What a run produced: the kept snapshot and the round started over it.</summary>
public sealed record ToolRunResult(string Tool, string Period, string ContentId, int Records, int Units, string Round, string RoundOutcome);

/// <summary>The run's custom status: what people watching see.</summary>
public sealed record ToolRunProgress(string Stage, int UnitsDone, int UnitsTotal, long Records)
{
    public const string Planning = "planning";
    public const string Fetching = "fetching";
    public const string Keeping = "keeping";
    public const string Done = "done";
}

/// <summary>Instance ids of tool runs: one per tool and period, so starting it twice starts it once.</summary>
public static class ToolRunInstance
{
    public static string Id(string tool, string period) => $"run:{tool}:{period}";
}
