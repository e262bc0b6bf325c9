using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Mao.Federation.Configuration;

namespace Mao.Orchestrations.ToolRuns;

/// <summary>
/// The pages of a listing a plan reads (dockerhub-tags: a namespace's repositories), one blob per page in the unit
/// checkpoints' container under <c>_listing/&lt;tool&gt;/&lt;period&gt;/&lt;listing&gt;/&lt;page&gt;.json</c> (tool ids start
/// with a letter or digit, so this never meets a checkpoint), so a plan re-run after a failure or a killed host reads the
/// pages it has instead of fetching them again. Create-only: the first stored page stands.
/// </summary>
public sealed class ListingCheckpoints(FederationSettings settings)
{
    private const string Root = "_listing/";

    private readonly BlobContainerClient _container =
        new BlobServiceClient(settings.StorageConnectionString).GetBlobContainerClient(UnitCheckpoints.ContainerOf(settings));

    public static string BlobName(string tool, string period, string listing, int page) =>
        FormattableString.Invariant($"{Root}{tool}/{period}/{Uri.EscapeDataString(listing)}/{page:D6}.json");

    /// <summary>Page <paramref name="page"/> (1-based) of the listing: the stored one, else <paramref name="fetch"/>'s, stored create-only.</summary>
    public async Task<T> ThroughAsync<T>(string tool, string period, string listing, int page, JsonTypeInfo<T> typeInfo, Func<Task<T>> fetch,
        CancellationToken cancellationToken) where T : class
    {
        var blob = _container.GetBlobClient(BlobName(tool, period, listing, page));
        if (await ReadAsync(blob, typeInfo, cancellationToken) is { } stored)
        {
            return stored;
        }
        var fetched = await fetch();
        await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        try
        {
            await blob.UploadAsync(BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(fetched, typeInfo)),
                new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, cancellationToken);
            return fetched;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // Another attempt stored it first: its page stands, so every reader follows the same next link.
            return (await ReadAsync(blob, typeInfo, cancellationToken))!;
        }
    }

    private static async Task<T?> ReadAsync<T>(BlobClient blob, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken) where T : class
    {
        try
        {
            var content = await blob.DownloadContentAsync(cancellationToken);
            return JsonSerializer.Deserialize(content.Value.Content.ToMemory().Span, typeInfo)
                ?? throw new Core.MaoFormatException($"listing checkpoint {blob.Name}", "the stored page is empty (null)");
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
        catch (JsonException e)
        {
            throw new Core.MaoFormatException($"listing checkpoint {blob.Name}", $"the stored page is not valid JSON: {e.Message}");
        }
    }
}
