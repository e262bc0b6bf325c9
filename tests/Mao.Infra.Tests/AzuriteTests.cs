using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Mao.Testing;

namespace Mao.Infra.Tests;

/// <summary>The local stack's Azurite accepts the current Blobs SDK and honours conditional writes, which the snapshot store relies on.</summary>
public sealed class AzuriteTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task UploadTwice_WithIfNoneMatchStar_SecondWriteIsRefused()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var container = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient("smoke");
        await container.CreateIfNotExistsAsync(cancellationToken: timeout.Token);
        var blob = container.GetBlobClient($"{Guid.NewGuid():N}.txt");
        var createOnly = new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } };

        await blob.UploadAsync(BinaryData.FromString("first"), createOnly, timeout.Token);
        var second = await Assert.ThrowsAsync<RequestFailedException>(() => blob.UploadAsync(BinaryData.FromString("second"), createOnly, timeout.Token));

        Assert.Equal(409, second.Status);
        Assert.Equal("first", (await blob.DownloadContentAsync(timeout.Token)).Value.Content.ToString());
    }
}
