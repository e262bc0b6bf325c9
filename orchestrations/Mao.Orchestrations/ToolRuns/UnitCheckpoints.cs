using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs.Models;
using Mao.Core.Model;
using Mao.Federation.Configuration;
using Mao.Tools.Crawling;

namespace Mao.Orchestrations.ToolRuns;

/// <summary>
/// Each finished unit's records, one blob per (tool, period, unit) in the site's storage, so a run killed half-way
/// resumes without fetching done units again. Create-only: the first complete fetch of a unit stands, so an activity
/// re-run after a crash (or racing another host) writes nothing new and reads back what is there. A checkpoint also says
/// where its records came from (<see cref="UnitOrigin"/>): fetched, reused from the previous run, carried over, missing.
/// </summary>
public sealed class UnitCheckpoints(RunBlobs blobs)
{
    /// <summary>Next to the site's snapshot container (its name plus "-units"; at most 63 characters).</summary>
    public static string ContainerOf(FederationSettings settings)
    {
        var name = settings.EffectiveContainer;
        return (name.Length > 57 ? name[..57] : name).TrimEnd('-') + "-units";
    }

    /// <summary>The folder of a run's unit checkpoints.</summary>
    public static string Folder(string tool, string period) => $"{tool}/{period}/";

    public static string BlobName(string tool, string period, string unit) => $"{tool}/{period}/{Uri.EscapeDataString(unit)}.json";

    /// <summary>Writes the unit unless it is there; returns what is stored (the earlier write wins).</summary>
    public Task<ToolUnitDone> KeepAsync(string tool, string period, string unit, UnitFetch fetch, CancellationToken cancellationToken) =>
        WriteAsync(tool, period, unit, new Stored(fetch.More, fetch.Records.Count, RecordPayload.Write(fetch.Records), fetch.Next), cancellationToken);

    /// <summary>The unit's summary when it was finished before, else null.</summary>
    public async Task<ToolUnitDone?> FindAsync(string tool, string period, string unit, CancellationToken cancellationToken)
    {
        var stored = await ReadAsync(tool, period, unit, cancellationToken);
        return stored?.Done(unit);
    }

    /// <summary>
    /// Incremental runs: when the previous run checkpointed this very unit (same name, so the same item in the same state,
    /// e.g. a repository with the same last_updated) from a fetch of its own or a reuse, copies it as this run's checkpoint
    /// (its follow-up included) instead of fetching. Null when there is nothing to reuse (not there, carried over, missing).
    /// </summary>
    public async Task<ToolUnitDone?> ReuseAsync(string tool, string period, string unit, string previous, CancellationToken cancellationToken)
    {
        var stored = await ReadAsync(tool, previous, unit, cancellationToken);
        if (stored is null || stored.Origin is not (UnitOrigin.Fetched or UnitOrigin.Reused))
        {
            return null;
        }
        return await WriteAsync(tool, period, unit, stored with { Origin = UnitOrigin.Reused, From = stored.From ?? previous, Reason = null }, cancellationToken);
    }

    /// <summary>
    /// A unit that failed after its retries: its checkpoint becomes the previous run's records of the same unit, or of a unit
    /// with the same <paramref name="identity"/> (dockerhub-tags: the same repository and page whatever its last_updated),
    /// together with the follow-up units that run chained to it (the rest of the repository's pages), marked carried over
    /// and ending the chain here. With no previous records it is checkpointed as missing, with none.
    /// </summary>
    public async Task<ToolUnitDone> CarryOverAsync(string tool, string period, string unit, string? previous, Func<string, string> identity, string reason,
        CancellationToken cancellationToken)
    {
        if (await FindAsync(tool, period, unit, cancellationToken) is { } done)
        {
            return done;
        }
        var source = previous is null ? null : await PreviousOfAsync(tool, previous, unit, identity, cancellationToken);
        if (source is null)
        {
            return await WriteAsync(tool, period, unit, new Stored(false, 0, "[]", Origin: UnitOrigin.Missing, Reason: reason), cancellationToken);
        }
        var records = RecordPayload.Read(source.Payload, $"checkpoint {tool}/{previous}/{unit}");
        var more = source.More;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var next = source.Next; next is not null && seen.Add(next);)
        {
            var link = await ReadAsync(tool, previous!, next, cancellationToken);
            if (link is null)
            {
                break;
            }
            records.AddRange(RecordPayload.Read(link.Payload, $"checkpoint {tool}/{previous}/{next}"));
            (more, next) = (link.More, link.Next);
        }
        var carried = new Stored(more, records.Count, RecordPayload.Write(records), Next: null, UnitOrigin.CarriedOver, source.From ?? previous, reason);
        return await WriteAsync(tool, period, unit, carried, cancellationToken);
    }

    /// <summary>The previous run's checkpoint of the unit, else of a unit of the same identity; missing ones do not count.</summary>
    private async Task<Stored?> PreviousOfAsync(string tool, string previous, string unit, Func<string, string> identity, CancellationToken cancellationToken)
    {
        if (await ReadAsync(tool, previous, unit, cancellationToken) is { Origin: not UnitOrigin.Missing } same)
        {
            return same;
        }
        var key = identity(unit);
        if (key == unit)
        {
            return null;
        }
        // Same-identity names share the part before the first character where the name and its identity differ.
        var common = 0;
        while (common < key.Length && common < unit.Length && key[common] == unit[common])
        {
            common++;
        }
        var prefix = BlobName(tool, previous, unit[..common])[..^".json".Length];
        await foreach (var blob in blobs.Container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken))
        {
            var candidate = Uri.UnescapeDataString(blob.Name[(blob.Name.LastIndexOf('/') + 1)..^".json".Length]);
            if (candidate != unit && identity(candidate) == key && await ReadAsync(tool, previous, candidate, cancellationToken) is { Origin: not UnitOrigin.Missing } found)
            {
                return found;
            }
        }
        return null;
    }

    private async Task<ToolUnitDone> WriteAsync(string tool, string period, string unit, Stored stored, CancellationToken cancellationToken)
    {
        var kept = await blobs.CreateOnceAsync(BlobName(tool, period, unit), BinaryData.FromString(JsonSerializer.Serialize(stored)), cancellationToken);
        return Parse(kept).Done(unit);
    }

    /// <summary>
    /// Deletes the unit's checkpoint when it was carried over or is missing (a failed unit), so a run started again fetches
    /// it; fetched and reused checkpoints stay. True when one was deleted; idempotent.
    /// </summary>
    public async Task<bool> ForgetIfFailedAsync(string tool, string period, string unit, CancellationToken cancellationToken)
    {
        if (await ReadAsync(tool, period, unit, cancellationToken) is not { Origin: UnitOrigin.CarriedOver or UnitOrigin.Missing })
        {
            return false;
        }
        return (await blobs.Container.GetBlobClient(BlobName(tool, period, unit)).DeleteIfExistsAsync(cancellationToken: cancellationToken)).Value;
    }

    /// <summary>The unit's records; a unit that is not there is an error (the run planned and finished it).</summary>
    public async Task<List<SnapshotRecord>> RecordsAsync(string tool, string period, string unit, CancellationToken cancellationToken)
    {
        var stored = await ReadAsync(tool, period, unit, cancellationToken)
            ?? throw new InvalidOperationException($"run {tool}/{period}: unit {unit} has no checkpoint");
        return RecordPayload.Read(stored.Payload, $"checkpoint {tool}/{period}/{unit}");
    }

    private async Task<Stored?> ReadAsync(string tool, string period, string unit, CancellationToken cancellationToken) =>
        await blobs.ReadAsync(BlobName(tool, period, unit), cancellationToken) is { } content ? Parse(content) : null;

    private static Stored Parse(BinaryData content) => JsonSerializer.Deserialize<Stored>(Encoding.UTF8.GetString(content.ToMemory().Span))!;

    /// <summary>A checkpoint; <paramref name="From"/> is the period whose fetch produced the records when they were reused or carried over.</summary>
    private sealed record Stored(bool More, int Count, string Payload, string? Next = null, UnitOrigin Origin = UnitOrigin.Fetched,
        string? From = null, string? Reason = null)
    {
        public ToolUnitDone Done(string unit) => new(unit, Count, More, Next, Origin, From, Reason);
    }
}
