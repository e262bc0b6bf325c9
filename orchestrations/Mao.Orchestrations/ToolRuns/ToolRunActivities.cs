using Mao.Core;
using Mao.Federation.Registry.Documents;
using Mao.Federation.Rounds;
using Mao.Orchestrations.Rounds;
using Microsoft.DurableTask;

namespace Mao.Orchestrations.ToolRuns;

/// <summary>The tools this host can run as units, by tool id.</summary>
public sealed class ToolUnitsCatalog(IEnumerable<IToolUnits> tools)
{
    private readonly Dictionary<string, IToolUnits> _tools = tools.ToDictionary(t => t.Manifest.Name, StringComparer.Ordinal);

    public IReadOnlyCollection<string> Tools => _tools.Keys;

    public bool Runs(string tool) => _tools.ContainsKey(tool);

    public IToolUnits Get(string tool) => _tools.TryGetValue(tool, out var units) ? units
        : throw new MaoFormatException($"tool run {tool}", $"this site has no runner for tool '{tool}' (it runs {string.Join(", ", _tools.Keys.Order(StringComparer.Ordinal))})");
}

/// <summary>Plans a run's units. The first page it reads on the way is checkpointed, so it is not fetched again.</summary>
public sealed class PlanToolRunActivity(ToolUnitsCatalog catalog, UnitCheckpoints checkpoints) : TaskActivity<ToolRunRequest, ToolRunPlan>
{
    public override Task<ToolRunPlan> RunAsync(TaskActivityContext context, ToolRunRequest input) => ExecuteAsync(input, CancellationToken.None);

    public Task<ToolRunPlan> ExecuteAsync(ToolRunRequest input, CancellationToken cancellationToken) =>
        catalog.Get(input.Tool).PlanAsync(
            (unit, fetch) => checkpoints.KeepAsync(input.Tool, input.Period, unit, fetch, cancellationToken), cancellationToken);
}

/// <summary>Fetches one unit unless its checkpoint is there, and checkpoints it. Short: one page (a tags page) or one file.</summary>
public sealed class RunToolUnitActivity(ToolUnitsCatalog catalog, UnitCheckpoints checkpoints) : TaskActivity<ToolUnitWork, ToolUnitDone>
{
    public override Task<ToolUnitDone> RunAsync(TaskActivityContext context, ToolUnitWork input) => ExecuteAsync(input, CancellationToken.None);

    public async Task<ToolUnitDone> ExecuteAsync(ToolUnitWork input, CancellationToken cancellationToken)
    {
        if (await checkpoints.FindAsync(input.Tool, input.Period, input.Unit, cancellationToken) is { } done)
        {
            return done;
        }
        var fetch = await catalog.Get(input.Tool).FetchAsync(input.Unit, cancellationToken);
        return await checkpoints.KeepAsync(input.Tool, input.Period, input.Unit, fetch, cancellationToken);
    }
}

/// <summary>
/// Keeps the run's snapshot, streamed from the unit checkpoints by <see cref="ToolRunAssembly"/> (plan order; a key seen
/// twice keeps its first record; bounded memory), into blob + table and git (idempotent by content id), then starts its
/// round (the etcd claim makes a re-run join, not repeat).
/// </summary>
public sealed class KeepToolRunActivity(
    ToolUnitsCatalog catalog, ToolRunAssembly assembly, RoundPlanner planner, RoundStarter starter, Federation.Configuration.FederationSettings settings)
    : TaskActivity<KeepToolRunRequest, ToolRunResult>
{
    public override Task<ToolRunResult> RunAsync(TaskActivityContext context, KeepToolRunRequest input) => ExecuteAsync(input, CancellationToken.None);

    public async Task<ToolRunResult> ExecuteAsync(KeepToolRunRequest input, CancellationToken cancellationToken)
    {
        var manifest = catalog.Get(input.Tool).Manifest;
        var header = new Core.Model.SnapshotHeader(manifest.Name, manifest.Version, settings.SiteId, input.ObservedAt, manifest.Schema);
        var kept = await assembly.KeepAsync(header, input.Tool, input.Period, input.Units, cancellationToken);
        var announcement = await planner.PlanAsync(kept.Pointer, roundId: null, window: null, peers: null, cancellationToken);
        var start = await starter.StartAsync(announcement, cancellationToken);
        return new ToolRunResult(input.Tool, input.Period, kept.Pointer.ContentId, kept.Records, input.Units.Count,
            start.Claim.Round, start.Outcome.ToString().ToLowerInvariant());
    }
}
