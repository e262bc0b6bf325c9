using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Mao.Core.Model;
using Mao.Federation.Configuration;
using Mao.Federation.Store;
using Mao.Orchestrations.ToolRuns;
using Mao.Site.Tests.Support;
using Mao.Testing;
using Mao.Testing.Replay;
using Mao.Tools.DockerHub;
using Microsoft.Extensions.DependencyInjection;

namespace Mao.Site.Tests.Pipeline;

/// <summary>
/// After a run is kept, its keep step's leftover staging blobs and the tool's older kept runs (unit checkpoints, listing
/// pages, ledger) are deleted in real Azurite; the latest kept run, runs not kept and a kept run an unkept plan builds on
/// stay, and the next incremental run still reuses the latest kept run's checkpoints.
/// </summary>
[Collection(FederationCollection.Name)]
public sealed class RunCleanupTests(AzuriteFixture azurite, EtcdFixture etcd)
{
    private const string Tags = "dockerhub-tags";

    [Fact]
    public async Task KeptRuns_DeleteOlderKeptRunsAndLeftoverStaging_KeepTheLatestAndUnkept_IncrementalRunStillReuses()
    {
        using var timeout = TestSites.Timeout(300);
        var ct = timeout.Token;
        // 3 repositories of 10 tags in pages of 5: two pages (units) each.
        var world = SyntheticHub.Build("library", repositories: 3, tagsPerRepository: 10);
        var (replay, settings) = await PipelineBed.DockerHubAsync(world, pageSize: 5);
        await using var _ = replay;
        await using var federation = new TestFederation(azurite, etcd);
        var site = await federation.StartAsync(PipelineBed.Site(federation, "site-a", Tags, replay, schedule: null, settings), ct);
        var starter = site.Services.GetRequiredService<ToolRunStarter>();
        var ledger = site.Services.GetRequiredService<RunLedger>();
        var units = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(UnitCheckpoints.ContainerOf(site.Options.Federation));
        var snapshots = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(site.Options.Federation.EffectiveContainer);
        var now = DateTimeOffset.UtcNow;
        var (day0, day1, day2, day3, day5) = (Period.Of(now.AddDays(-1)), Period.Of(now), Period.Of(now.AddDays(1)), Period.Of(now.AddDays(2)), Period.Of(now.AddDays(4)));

        // A run of day0 that was planned and fetched a unit but never kept: nothing of it may be deleted.
        await ledger.PlanAsync(Tags, day0, () => Task.FromResult((new ToolRunPlan(["tags:library/repo00000@1:1"], false), (string?)null)), ct);
        await units.UploadBlobAsync(UnitCheckpoints.BlobName(Tags, day0, "tags:library/repo00000@1:1"), BinaryData.FromString("{}"), ct);
        var unkept = await NamesAsync(units, $"_runs/{Tags}/{day0}/", ct);
        unkept.AddRange(await NamesAsync(units, UnitCheckpoints.Folder(Tags, day0), ct));

        await RunAsync(site, starter, now, day1, ct);
        var day1Blobs = await RunBlobsAsync(units, day1, ct);
        Assert.Equal(6, day1Blobs.Units);
        Assert.True(day1Blobs.Listing > 0 && day1Blobs.Ledger > 0, $"day 1 has listing pages and a ledger: {day1Blobs}");

        // Day 2's keep step died after uploading once (a staging blob of its run left); a gateway upload's staging blob is another writer's.
        var leftover = $"{SnapshotBlobs.StagingPrefix}{ToolRunInstance.StagingGroup(Tags, day2)}0123456789abcdef";
        var foreign = $"{SnapshotBlobs.StagingPrefix}fedcba9876543210";
        await snapshots.UploadBlobAsync(leftover, BinaryData.FromString("partial"), ct);
        await snapshots.UploadBlobAsync(foreign, BinaryData.FromString("other"), ct);
        var second = await RunAsync(site, starter, now.AddDays(1), day2, ct);

        Assert.Equal(6, second.Reused); // nothing changed: every page copied from day 1's checkpoints
        Assert.Equal((0, 0, 0), await RunBlobsAsync(units, day1, ct)); // day 1 is older than the kept day 2: gone
        Assert.Equal(6, (await RunBlobsAsync(units, day2, ct)).Units);
        Assert.NotNull(await ledger.KeptAsync(Tags, day2, ct));
        Assert.False(await snapshots.GetBlobClient(leftover).ExistsAsync(ct));
        Assert.True(await snapshots.GetBlobClient(foreign).ExistsAsync(ct));
        Assert.Empty(await NamesAsync(snapshots, SnapshotBlobs.StagingPrefix + "runs/", ct));
        Assert.Equal(unkept, await UnkeptAsync(units, day0, ct));

        // A run of day5 is planned on day 2 and not kept: when day 3 is kept, day 2 stays for it.
        await ledger.PlanAsync(Tags, day5, () => Task.FromResult((new ToolRunPlan(["tags:library/repo00000@1:1"], false), (string?)day2)), ct);
        // Day 3: repo00001 changed, so only its pages are fetched; the rest is reused from day 2's checkpoints.
        var changed = world.Find("library", "repo00001")!;
        changed.LastUpdated = changed.LastUpdated.AddDays(1);
        replay.ClearLog();
        var third = await RunAsync(site, starter, now.AddDays(2), day3, ct);

        Assert.Equal(Period.Of(now.AddDays(1)), third.Previous);
        Assert.Equal((4, world.TagCount), (third.Reused, third.Records));
        Assert.Equal(2, replay.Count("GET", p => p.Contains("/repositories/repo00001/tags", StringComparison.Ordinal)));
        Assert.Equal(0, replay.Count("GET", p => p.Contains("/repositories/repo00000/tags", StringComparison.Ordinal)));
        Assert.Equal(6, (await RunBlobsAsync(units, day2, ct)).Units); // protected by day5's plan
        Assert.NotNull(await ledger.KeptAsync(Tags, day2, ct));
        Assert.Equal(6, (await RunBlobsAsync(units, day3, ct)).Units);

        // Without that plan, the next clean-up deletes day 2; again, nothing (idempotent); day 3 and the unkept runs stay.
        await foreach (var blob in units.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"_runs/{Tags}/{day5}/", ct))
        {
            await units.DeleteBlobAsync(blob.Name, cancellationToken: ct);
        }
        var cleanup = site.Services.GetRequiredService<RunCleanup>();
        var once = await cleanup.AfterKeptAsync(Tags, day3, ct);
        var twice = await cleanup.AfterKeptAsync(Tags, day3, ct);

        Assert.Equal([day2], once.Periods);
        Assert.True(once.RunBlobs >= 6, $"day 2's blobs deleted: {once}");
        Assert.Equal((0, 0), (twice.Periods.Count, twice.RunBlobs));
        Assert.Equal((0, 0, 0), await RunBlobsAsync(units, day2, ct));
        Assert.Equal(6, (await RunBlobsAsync(units, day3, ct)).Units);
        Assert.NotNull(await ledger.KeptAsync(Tags, day3, ct));
        Assert.Equal(unkept, await UnkeptAsync(units, day0, ct));
    }

    private static async Task<ToolRunResult> RunAsync(Mao.Site.Hosting.RunningSite site, ToolRunStarter starter, DateTimeOffset at, string period, CancellationToken ct)
    {
        Assert.Equal(RunStartOutcome.Started, await starter.StartAsync(Tags, at, ct));
        return await PipelineBed.WaitRunAsync(site, Tags, period, ct);
    }

    /// <summary>How many unit checkpoints, listing pages and ledger blobs a period of the tool has.</summary>
    private static async Task<(int Units, int Listing, int Ledger)> RunBlobsAsync(BlobContainerClient units, string period, CancellationToken ct) =>
        ((await NamesAsync(units, UnitCheckpoints.Folder(Tags, period), ct)).Count,
         (await NamesAsync(units, ListingCheckpoints.Folder(Tags, period), ct)).Count,
         (await NamesAsync(units, RunLedger.Folder(Tags, period), ct)).Count);

    private static async Task<List<string>> UnkeptAsync(BlobContainerClient units, string period, CancellationToken ct)
    {
        var names = await NamesAsync(units, $"_runs/{Tags}/{period}/", ct);
        names.AddRange(await NamesAsync(units, UnitCheckpoints.Folder(Tags, period), ct));
        return names;
    }

    private static async Task<List<string>> NamesAsync(BlobContainerClient container, string prefix, CancellationToken ct)
    {
        var names = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, ct))
        {
            names.Add(blob.Name);
        }
        return names;
    }
}
