using Azure.Storage.Blobs;
using Mao.Core.Model;
using Mao.Federation.Rounds;
using Mao.Orchestrations.ToolRuns;
using Mao.Site.Tests.Support;
using Mao.Testing;
using Mao.Testing.Replay;
using Mao.Tools.Manifests;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Mao.Site.Tests.Pipeline;

/// <summary>
/// A run whose failed units are more than Mao:ToolRuns:MaxCarriedOverShare of its units (a remote outage) fails with the
/// count and the first failed units named, keeps no snapshot, and forgets the failed units' checkpoints, so the run
/// started again after the outage fetches them (and only them).
/// </summary>
[Collection(FederationCollection.Name)]
public sealed class CarriedOverShareRunTests(AzuriteFixture azurite, EtcdFixture etcd)
{
    private const string Tags = "dockerhub-tags";

    [Fact]
    public async Task MostRepositoriesAnswering500_FailTheRunNamingThem_AndTheRunStartedAgainFetchesOnlyThose()
    {
        using var timeout = TestSites.Timeout(300);
        var ct = timeout.Token;
        // 4 repositories of 10 tags in pages of 5; three answer 500: with no previous run they are missing.
        var world = SyntheticHub.Build("library", repositories: 4, tagsPerRepository: 10);
        var (replay, settings) = await PipelineBed.DockerHubAsync(world, pageSize: 5);
        await using var _ = replay;
        var outage = true;
        string[] failing = ["repo00001", "repo00002", "repo00003"];
        replay.Map("GET", p => outage && failing.Any(f => p.StartsWith($"/v2/namespaces/library/repositories/{f}/tags", StringComparison.Ordinal)),
            _ => ReplayResponse.Json("{\"message\":\"replayed outage\"}", 500));
        await using var federation = new TestFederation(azurite, etcd);
        var site = await federation.StartAsync(PipelineBed.Site(federation, "site-a", Tags, replay, schedule: null, settings), ct);
        var starter = site.Services.GetRequiredService<ToolRunStarter>();
        var period = PipelineBed.Today;
        var id = ToolRunInstance.Id(Tags, period);

        Assert.Equal(RunStartOutcome.Started, await starter.StartAsync(Tags, DateTimeOffset.UtcNow, ct));
        var failed = await site.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, ct);

        // 3 of 5 units (4 first pages and repo00000's second page) failed: above the default share of 0.5.
        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);
        // What GET /api/runs/{tool}/{period} shows as the failure (the sidecar may carry it as the output).
        var error = failed.FailureDetails?.ErrorMessage ?? failed.SerializedOutput ?? "";
        Assert.Contains("3 of 5 units failed", error, StringComparison.Ordinal);
        Assert.Contains("MaxCarriedOverShare", error, StringComparison.Ordinal);
        Assert.All(failing, repository => Assert.Contains($"tags:library/{repository}@", error, StringComparison.Ordinal));
        Assert.Contains("missing", error, StringComparison.Ordinal);
        // Nothing kept: no snapshot in the library, no kept marker.
        var library = site.Services.GetRequiredService<ISnapshotLibrary>();
        Assert.Null(await library.ComparableAsync(Tags, period, ToolManifests.DockerHubTags.Version, ct));
        Assert.Null(await site.Services.GetRequiredService<RunLedger>().KeptAsync(Tags, period, ct));
        // The failed units' checkpoints are gone; the healthy repository's two pages stay.
        var units = await CheckpointsAsync(site.Options.Federation, period, ct);
        Assert.Equal(2, units.Count);
        Assert.All(units, u => Assert.StartsWith("tags:library/repo00000@", u, StringComparison.Ordinal));

        // The outage ends; the run started again fetches the failed repositories and not the healthy one.
        outage = false;
        replay.ClearLog();
        Assert.Equal(RunStartOutcome.Started, await starter.StartAsync(Tags, DateTimeOffset.UtcNow, ct));
        var second = await PipelineBed.WaitRunAsync(site, Tags, period, ct);

        Assert.True(second.Complete);
        Assert.Equal((0, 0), (second.Missing, second.CarriedOver));
        Assert.Equal(world.TagCount, second.Records);
        Assert.Equal(0, replay.Count("GET", p => p.Contains("/repositories/repo00000/tags", StringComparison.Ordinal)));
        Assert.All(failing, repository => Assert.Equal(2, replay.Count("GET", p => p.Contains($"/repositories/{repository}/tags", StringComparison.Ordinal))));
    }

    private async Task<List<string>> CheckpointsAsync(Mao.Federation.Configuration.FederationSettings settings, string period, CancellationToken ct)
    {
        var container = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(UnitCheckpoints.ContainerOf(settings));
        var units = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None,
                           UnitCheckpoints.Folder(Tags, period), ct))
        {
            units.Add(Uri.UnescapeDataString(blob.Name[(blob.Name.LastIndexOf('/') + 1)..^".json".Length]));
        }
        return units;
    }
}
