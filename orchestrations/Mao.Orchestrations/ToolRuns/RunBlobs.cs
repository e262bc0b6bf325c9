using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Mao.Federation.Configuration;

namespace Mao.Orchestrations.ToolRuns;

/// <summary>
/// The container a site's tool runs keep their state in (unit checkpoints, the run ledger, listing pages), with the one
/// write they all rely on: create-only, where the first stored copy stands and a second writer (an activity delivered
/// again, another host) reads that copy back instead of its own. Each caller keeps its own (de)serialisation.
/// </summary>
public sealed class RunBlobs(FederationSettings settings)
{
    public BlobContainerClient Container { get; } =
        new BlobServiceClient(settings.StorageConnectionString).GetBlobContainerClient(UnitCheckpoints.ContainerOf(settings));

    /// <summary>The blob's bytes, or null when it is not there.</summary>
    public async Task<BinaryData?> ReadAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return (await Container.GetBlobClient(name).DownloadContentAsync(cancellationToken)).Value.Content;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Stores <paramref name="content"/> unless the blob exists; returns what is stored (the earlier write wins).</summary>
    public async Task<BinaryData> CreateOnceAsync(string name, BinaryData content, CancellationToken cancellationToken)
    {
        await Container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        try
        {
            await Container.GetBlobClient(name).UploadAsync(content,
                new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, cancellationToken);
            return content;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return (await ReadAsync(name, cancellationToken))!;
        }
    }
}
