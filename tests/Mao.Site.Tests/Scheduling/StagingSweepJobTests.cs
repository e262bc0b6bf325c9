using Azure.Storage.Blobs;
using Mao.Federation.Store;
using Mao.Orchestrations.Scheduling;
using Mao.Site.Scheduling;
using Mao.Site.Tests.Support;
using Mao.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Mao.Site.Tests.Scheduling;

/// <summary>The site host's daily SweepStaging job, as its scheduler registers it, deletes what a killed upload left once stale.</summary>
[Collection(FederationCollection.Name)]
public sealed class StagingSweepJobTests(AzuriteFixture azurite, EtcdFixture etcd)
{
    [Fact]
    public async Task SweepStagingJob_AtAnOccurrenceADayLater_DeletesTheLeftoverStagingBlob()
    {
        using var timeout = TestSites.Timeout(90);
        var ct = timeout.Token;
        await using var federation = new TestFederation(azurite, etcd);
        var options = federation.Options("site-a");
        options.SchedulerEnabled = true;
        var site = await federation.StartAsync(options, ct);
        var store = site.Services.GetRequiredService<SnapshotStore>();
        var leftover = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(store.Blobs.Name)
            .GetBlobClient($"{SnapshotBlobs.StagingPrefix}{Guid.NewGuid():N}");
        await leftover.UploadAsync(BinaryData.FromString("a gateway upload killed before its copy"), ct);
        var job = Assert.Single(site.Services.GetServices<CronJob>(), j => j.Name == Schedules.SweepStagingJob);

        await job.Run(DateTime.UtcNow, ct);
        var keptWhileFresh = (await leftover.ExistsAsync(ct)).Value;
        await job.Run(DateTime.UtcNow.AddDays(2), ct);

        Assert.True(keptWhileFresh);
        Assert.False((await leftover.ExistsAsync(ct)).Value);
        Assert.Equal(Schedules.SweepStaging, job.Expression);
    }
}
