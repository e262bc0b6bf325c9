using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Mao.Orchestrations.ToolRuns;

/// <summary>
/// A run's bookkeeping next to its unit checkpoints (same container, under <c>_runs/&lt;tool&gt;/&lt;period&gt;/</c>; tool ids
/// start with a letter or digit, so this never meets a checkpoint): the stored plan (<c>plan.json</c>), the units each
/// generation appended (<c>&lt;run key&gt;/&lt;start&gt;.json</c>), so the unit list stays out of orchestration history, and
/// the kept marker (<c>kept.json</c>), written once the snapshot is kept, which is how a later run finds "the previous
/// kept run": the newest earlier period of the tool with a kept marker of the same tool version.
/// </summary>
public sealed class RunLedger(RunBlobs blobs)
{
    private const string Root = "_runs/";

    private readonly BlobContainerClient _container = blobs.Container;

    /// <summary>The folder of a run's ledger blobs (plan, appended units, kept marker).</summary>
    public static string Folder(string tool, string period) => $"{Root}{tool}/{period}/";

    private static string PlanBlob(string tool, string period) => Folder(tool, period) + "plan.json";

    private static string KeptBlob(string tool, string period) => Folder(tool, period) + "kept.json";

    private static string AddedFolder(string tool, string period, string runKey) => Folder(tool, period) + runKey + "/";

    /// <summary>
    /// The stored plan of the run, or, the first time, <paramref name="plan"/>'s, stored create-only (a plan step run twice
    /// keeps the first plan, so the unit count the orchestrator saw stays true).
    /// </summary>
    public async Task<PlannedRun> PlanAsync(string tool, string period, Func<Task<(ToolRunPlan Plan, string? Previous)>> plan, CancellationToken cancellationToken)
    {
        if (await ReadAsync<StoredPlan>(PlanBlob(tool, period), cancellationToken) is { } stored)
        {
            return stored.Summary;
        }
        var (made, previous) = await plan();
        var body = new StoredPlan(made.Units, made.OpenEnded, made.Step, previous, made.Shards);
        var kept = await blobs.CreateOnceAsync(PlanBlob(tool, period), BinaryData.FromObjectAsJson(body), cancellationToken);
        return kept.ToObjectFromJson<StoredPlan>()!.Summary;
    }

    /// <summary>Units [from, until) of the run: the plan, then the appended units of <paramref name="runKey"/> in order.</summary>
    public async Task<List<string>> UnitsAsync(string tool, string period, string runKey, int from, int until, CancellationToken cancellationToken)
    {
        var where = $"run ledger {tool}/{period}";
        var plan = await ReadAsync<StoredPlan>(PlanBlob(tool, period), cancellationToken)
            ?? throw new InvalidOperationException($"{where}: no stored plan");
        var units = new List<string>();
        var start = 0;
        void Take(IReadOnlyList<string> segment)
        {
            units.AddRange(segment.Skip(Math.Max(0, from - start)).Take(Math.Max(0, until - Math.Max(from, start))));
            start += segment.Count;
        }
        Take(plan.Units);
        if (start < until)
        {
            var prefix = AddedFolder(tool, period, runKey);
            await foreach (var blob in _container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken))
            {
                if (start >= until)
                {
                    break;
                }
                var segment = await ReadAsync<StoredUnits>(blob.Name, cancellationToken);
                // Segments are written in order, each starting where the one before ended; a gap means a lost write.
                if (segment is null || segment.Start != start)
                {
                    throw new InvalidOperationException($"{where}: appended units {blob.Name} start at {segment?.Start}, expected {start}");
                }
                Take(segment.Units);
            }
        }
        if (start < until)
        {
            throw new InvalidOperationException($"{where}: {until} units expected, the ledger holds {start}");
        }
        return units;
    }

    /// <summary>Appends units at <paramref name="start"/> (overwrites: a replayed generation writes the same units again).</summary>
    public async Task AppendAsync(RunUnitsAppend append, CancellationToken cancellationToken)
    {
        var name = AddedFolder(append.Tool, append.Period, append.RunKey) + append.Start.ToString("D10", System.Globalization.CultureInfo.InvariantCulture) + ".json";
        await _container.GetBlobClient(name).UploadAsync(BinaryData.FromObjectAsJson(new StoredUnits(append.Start, append.Units)), overwrite: true, cancellationToken);
    }

    /// <summary>Marks the run kept (overwrites: the last keep of the period stands).</summary>
    public Task MarkKeptAsync(string toolVersion, ToolRunResult result, CancellationToken cancellationToken) =>
        _container.GetBlobClient(KeptBlob(result.Tool, result.Period)).UploadAsync(BinaryData.FromObjectAsJson(new RunKept(toolVersion, result)), overwrite: true, cancellationToken);

    /// <summary>The kept marker of a run, or null.</summary>
    public Task<RunKept?> KeptAsync(string tool, string period, CancellationToken cancellationToken) => ReadAsync<RunKept>(KeptBlob(tool, period), cancellationToken);

    /// <summary>The newest period before <paramref name="period"/> whose run of the tool was kept with this tool version, or null.</summary>
    public async Task<string?> PreviousAsync(string tool, string period, string toolVersion, CancellationToken cancellationToken)
    {
        var periods = (await PeriodsAsync(tool, cancellationToken)).Where(p => string.CompareOrdinal(p, period) < 0);
        foreach (var candidate in periods.OrderDescending(StringComparer.Ordinal))
        {
            if (await KeptAsync(tool, candidate, cancellationToken) is { } kept && kept.ToolVersion == toolVersion)
            {
                return candidate;
            }
        }
        return null;
    }

    /// <summary>The periods of the tool that have a ledger (planned runs, kept or not), in no particular order.</summary>
    public async Task<List<string>> PeriodsAsync(string tool, CancellationToken cancellationToken)
    {
        var periods = new List<string>();
        if (!await _container.ExistsAsync(cancellationToken))
        {
            return periods;
        }
        await foreach (var item in _container.GetBlobsByHierarchyAsync(BlobTraits.None, BlobStates.None, "/", $"{Root}{tool}/", cancellationToken))
        {
            if (item.IsPrefix)
            {
                periods.Add(item.Prefix.TrimEnd('/')[(Root.Length + tool.Length + 1)..]);
            }
        }
        return periods;
    }

    /// <summary>The previous kept run the stored plan of (tool, period) builds on, or null (no plan, or none).</summary>
    public async Task<string?> PlannedPreviousAsync(string tool, string period, CancellationToken cancellationToken) =>
        (await ReadAsync<StoredPlan>(PlanBlob(tool, period), cancellationToken))?.Previous;

    /// <summary>The name of the kept marker of (tool, period): deleted last when a run is cleaned up, so a half-done clean-up is found again.</summary>
    public static string KeptMarker(string tool, string period) => KeptBlob(tool, period);

    private async Task<T?> ReadAsync<T>(string name, CancellationToken cancellationToken) where T : class =>
        (await blobs.ReadAsync(name, cancellationToken))?.ToObjectFromJson<T>();

    private sealed record StoredPlan(IReadOnlyList<string> Units, bool OpenEnded, int Step, string? Previous, Core.Sharding.ShardPlan? Shards = null)
    {
        public PlannedRun Summary => new(Units.Count, OpenEnded, Step, Previous, Shards);
    }

    private sealed record StoredUnits(int Start, IReadOnlyList<string> Units);
}

/// <summary>The kept marker of a run: the tool version it ran and its result.</summary>
public sealed record RunKept(string ToolVersion, ToolRunResult Result);
