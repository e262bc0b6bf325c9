using Mao.Core;
using Mao.Federation.Registry.Documents;
using Mao.Federation.Rounds;
using Mao.Orchestrations.Rounds;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

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

/// <summary>
/// Plans a run's units into the run ledger (once: a re-run reads the stored plan) and finds the previous kept run. The
/// first page it reads on the way is checkpointed, so it is not fetched again (and a tool's listing pages, see
/// <see cref="ListingCheckpoints"/>, so a plan re-run fetches only those not yet read). Returns counts, not the unit names.
/// </summary>
public sealed class PlanToolRunActivity(ToolUnitsCatalog catalog, UnitCheckpoints checkpoints, RunLedger ledger) : TaskActivity<ToolRunRequest, PlannedRun>
{
    public override Task<PlannedRun> RunAsync(TaskActivityContext context, ToolRunRequest input) => ExecuteAsync(input, CancellationToken.None);

    public Task<PlannedRun> ExecuteAsync(ToolRunRequest input, CancellationToken cancellationToken)
    {
        var tool = catalog.Get(input.Tool);
        return ledger.PlanAsync(input.Tool, input.Period, async () =>
        {
            var plan = await tool.PlanAsync(input.Period, (unit, fetch) => checkpoints.KeepAsync(input.Tool, input.Period, unit, fetch, cancellationToken), cancellationToken);
            return (plan, await ledger.PreviousAsync(input.Tool, input.Period, tool.Manifest.Version, cancellationToken));
        }, cancellationToken);
    }
}

/// <summary>
/// Fetches one unit unless its checkpoint is there, and checkpoints it. Short: one page (a tags page) or one file. A unit
/// the tool calls reusable (its name pins the item's state) whose checkpoint the previous kept run has is copied instead.
/// </summary>
public sealed class RunToolUnitActivity(ToolUnitsCatalog catalog, UnitCheckpoints checkpoints) : TaskActivity<ToolUnitWork, ToolUnitDone>
{
    public override Task<ToolUnitDone> RunAsync(TaskActivityContext context, ToolUnitWork input) => ExecuteAsync(input, CancellationToken.None);

    public async Task<ToolUnitDone> ExecuteAsync(ToolUnitWork input, CancellationToken cancellationToken)
    {
        if (await checkpoints.FindAsync(input.Tool, input.Period, input.Unit, cancellationToken) is { } done)
        {
            return done;
        }
        var tool = catalog.Get(input.Tool);
        if (input.Previous is { } previous && tool.Reusable(input.Unit)
            && await checkpoints.ReuseAsync(input.Tool, input.Period, input.Unit, previous, cancellationToken) is { } reused)
        {
            return reused;
        }
        var fetch = await tool.FetchAsync(input.Unit, cancellationToken);
        return await checkpoints.KeepAsync(input.Tool, input.Period, input.Unit, fetch, cancellationToken);
    }
}

/// <summary>
/// Keeps the run's snapshot, streamed from the unit checkpoints by <see cref="ToolRunAssembly"/> (ledger order; a key seen
/// twice keeps its first record; bounded memory), into blob + table and git (idempotent by content id), then starts its
/// round (the etcd claim makes a re-run join, not repeat).
/// </summary>
public sealed class KeepToolRunActivity(
    ToolUnitsCatalog catalog, RunLedger ledger, ToolRunAssembly assembly, RoundPlanner planner, RoundStarter starter, Federation.Configuration.FederationSettings settings,
    Federation.Registry.FederationRegistry registry, IServiceProvider services)
    : TaskActivity<KeepToolRunRequest, ToolRunResult>
{
    public override Task<ToolRunResult> RunAsync(TaskActivityContext context, KeepToolRunRequest input) => ExecuteAsync(input, CancellationToken.None);

    public async Task<ToolRunResult> ExecuteAsync(KeepToolRunRequest input, CancellationToken cancellationToken)
    {
        var manifest = catalog.Get(input.Tool).Manifest;
        var units = await ledger.UnitsAsync(input.Tool, input.Period, input.RunKey, 0, input.Units, cancellationToken);
        var header = new Core.Model.SnapshotHeader(manifest.Name, manifest.Version, settings.SiteId, input.ObservedAt, manifest.Schema);
        var kept = await assembly.KeepAsync(header, input.Tool, input.Period, units, cancellationToken);
        // A sharded run's plan rides with the announcement: peers then wait for their own shard and the quorum counts owners.
        var announcement = await planner.PlanAsync(kept.Pointer, roundId: null, window: null, peers: null, cancellationToken) with { Shards = input.Shards };
        var start = await starter.StartAsync(announcement, cancellationToken);
        if (start.Outcome == StartOutcome.Joined)
        {
            await AnswerJoinedRoundAsync(start.Claim, cancellationToken);
        }
        return new ToolRunResult(input.Tool, input.Period, kept.Pointer.ContentId, kept.Records, units.Count,
            start.Claim.Round, start.Outcome.ToString().ToLowerInvariant());
    }

    /// <summary>
    /// The snapshot joins the round another site announced as soon as it is kept: the responder held its answer back for
    /// it (its own shard, or its own run under way), and a host without a live watch (Functions' catch-up, which asks
    /// once) would not ask again. Idempotent (the first answer stands); an announcement not written yet is answered by
    /// the watch when it comes.
    /// </summary>
    private async Task AnswerJoinedRoundAsync(Federation.Registry.Documents.RoundClaim claim, CancellationToken cancellationToken)
    {
        if (await registry.ReadAnnouncementAsync(claim.Tool, claim.Round, claim.Site, cancellationToken) is { } announced)
        {
            await ActivatorUtilities.CreateInstance<AnnouncementResponder>(services).AnswerAsync(announced.Message, cancellationToken);
        }
    }
}
