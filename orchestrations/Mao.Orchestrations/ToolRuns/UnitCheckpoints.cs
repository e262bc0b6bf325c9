using System.Text;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Mao.Core.Model;
using Mao.Federation.Configuration;
using Mao.Tools.Crawling;

namespace Mao.Orchestrations.ToolRuns;

/// <summary>
/// Each finished unit's records, one blob per (tool, period, unit) in the site's storage, so a run killed half-way
/// resumes without fetching done units again. Create-only: the first complete fetch of a unit stands, so an activity
/// re-run after a crash (or racing another host) writes nothing new and reads back what is there.
/// </summary>
public sealed class UnitCheckpoints(FederationSettings settings)
{
    private readonly BlobContainerClient _container =
        new BlobServiceClient(settings.StorageConnectionString).GetBlobContainerClient(ContainerOf(settings));

    /// <summary>Next to the site's snapshot container (its name plus "-units"; at most 63 characters).</summary>
    public static string ContainerOf(FederationSettings settings)
    {
        var name = settings.EffectiveContainer;
        return (name.Length > 57 ? name[..57] : name).TrimEnd('-') + "-units";
    }

    public static string BlobName(string tool, string period, string unit) => $"{tool}/{period}/{Uri.EscapeDataString(unit)}.json";

    /// <summary>Writes the unit unless it is there; returns what is stored (the earlier write wins).</summary>
    public async Task<ToolUnitDone> KeepAsync(string tool, string period, string unit, UnitFetch fetch, CancellationToken cancellationToken)
    {
        await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var body = JsonSerializer.Serialize(new Stored(fetch.More, fetch.Records.Count, RecordPayload.Write(fetch.Records), fetch.Next));
        try
        {
            await _container.GetBlobClient(BlobName(tool, period, unit)).UploadAsync(BinaryData.FromString(body),
                new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, cancellationToken);
            return new ToolUnitDone(unit, fetch.Records.Count, fetch.More, fetch.Next);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return (await FindAsync(tool, period, unit, cancellationToken))!;
        }
    }

    /// <summary>The unit's summary when it was finished before, else null.</summary>
    public async Task<ToolUnitDone?> FindAsync(string tool, string period, string unit, CancellationToken cancellationToken)
    {
        var stored = await ReadAsync(tool, period, unit, cancellationToken);
        return stored is null ? null : new ToolUnitDone(unit, stored.Count, stored.More, stored.Next);
    }

    /// <summary>The unit's records; a unit that is not there is an error (the run planned and finished it).</summary>
    public async Task<List<SnapshotRecord>> RecordsAsync(string tool, string period, string unit, CancellationToken cancellationToken)
    {
        var stored = await ReadAsync(tool, period, unit, cancellationToken)
            ?? throw new InvalidOperationException($"run {tool}/{period}: unit {unit} has no checkpoint");
        return RecordPayload.Read(stored.Payload, $"checkpoint {tool}/{period}/{unit}");
    }

    private async Task<Stored?> ReadAsync(string tool, string period, string unit, CancellationToken cancellationToken)
    {
        try
        {
            var content = await _container.GetBlobClient(BlobName(tool, period, unit)).DownloadContentAsync(cancellationToken);
            return JsonSerializer.Deserialize<Stored>(Encoding.UTF8.GetString(content.Value.Content.ToMemory().Span));
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    private sealed record Stored(bool More, int Count, string Payload, string? Next = null);
}
