using System.Text.Json;
using Azure.Data.Tables;
using Mao.Core.Model;
using Mao.Orchestrations.ToolRuns;
using Mao.Site.Tests.Support;
using Mao.Testing;
using Mao.Testing.Replay;
using Microsoft.Extensions.DependencyInjection;

namespace Mao.Site.Tests.Pipeline;

/// <summary>A run of many units continues as new every few batches: its history stays bounded, its progress and result stay whole.</summary>
[Collection(FederationCollection.Name)]
public sealed class LongRunTests(AzuriteFixture azurite, EtcdFixture etcd)
{
    private const string Tags = "dockerhub-tags";

    [Fact]
    public async Task RunOfFiftyUnits_TwoBatchesPerGeneration_CrossesContinueAsNew_WithExactRecordsAndProgress()
    {
        using var timeout = TestSites.Timeout(300);
        var ct = timeout.Token;
        // 10 repositories of 25 tags in pages of 5: 10 planned units, 40 follow-up pages appended to the ledger as found.
        var world = SyntheticHub.Build("library", repositories: 10, tagsPerRepository: 25);
        var (replay, settings) = await PipelineBed.DockerHubAsync(world, pageSize: 5);
        await using var _ = replay;
        settings["Mao:ToolRuns:BatchesPerGeneration"] = "2"; // 8 units per generation: some 7 generations
        await using var federation = new TestFederation(azurite, etcd);
        var site = await federation.StartAsync(PipelineBed.Site(federation, "site-a", Tags, replay, schedule: null, settings), ct);
        var period = PipelineBed.Today;
        using var api = new ApiClient(site.ApiAddress);

        Assert.Equal(RunStartOutcome.Started, await site.Services.GetRequiredService<ToolRunStarter>().StartAsync(Tags, DateTimeOffset.UtcNow, ct));
        var seen = new List<(string Status, int Done, int Total, long Records)>();
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var watcher = WatchAsync(api, period, seen, watching.Token);
        var run = await PipelineBed.WaitRunAsync(site, Tags, period, ct);
        await watching.CancelAsync();
        await watcher;

        Assert.Equal((world.TagCount, 50), (run.Records, run.Units));
        var kept = await site.Services.GetRequiredService<Mao.Federation.Rounds.ISnapshotLibrary>().LoadAsync(run.ContentId, ct);
        Assert.Equal(world.Namespaces["library"].SelectMany(r => r.Tags.Select(t => $"{r.FullName}:{t.Name}")).Order(StringComparer.Ordinal),
            kept.Records.Select(r => r.Key));
        Assert.All(world.Namespaces["library"], repo =>
            Assert.Equal(5, replay.Count("GET", p => p.Contains($"/repositories/{repo.Name}/tags", StringComparison.Ordinal)))); // each page once
        // Progress seen through the API never went back across generations (units done, units known, records).
        Assert.All(seen.Zip(seen.Skip(1)), pair =>
            Assert.True(pair.Second.Done >= pair.First.Done && pair.Second.Total >= pair.First.Total && pair.Second.Records >= pair.First.Records,
                $"progress went back: {pair.First} then {pair.Second}"));
        Assert.DoesNotContain(seen, s => s.Status is not ("Running" or "Pending" or "Completed"));
        var (_, final) = await api.GetAsync($"api/runs/{Tags}/{period}", ct);
        var progress = final.GetProperty("progress");
        Assert.Equal((50, 50, (long)world.TagCount), (progress.GetProperty("unitsDone").GetInt32(), progress.GetProperty("unitsTotal").GetInt32(), progress.GetProperty("records").GetInt64()));
        // Several generations each appended the follow-up pages they found to the ledger (one blob per generation that found any).
        var ledger = new Azure.Storage.Blobs.BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(UnitCheckpoints.ContainerOf(site.Options.Federation));
        var appended = 0;
        await foreach (var blob in ledger.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, $"_runs/{Tags}/{period}/", ct))
        {
            appended += blob.Name.Count(c => c == '/') == 4 ? 1 : 0; // _runs/<tool>/<period>/<run key>/<start>.json
        }
        Assert.InRange(appended, 5, 50);
        // Bounded history: what the task hub holds for the instance is far less than one execution of 50 units would
        // (two events per unit, and more per batch).
        var events = await HistoryEventsAsync(site.Options.EffectiveTaskHub, ToolRunInstance.Id(Tags, period), ct);
        Assert.InRange(events, 1, 2 * 50 - 1);
    }

    private static async Task WatchAsync(ApiClient api, string period, List<(string, int, int, long)> seen, CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var (status, body) = await api.GetAsync($"api/runs/{Tags}/{period}", ct);
                if ((int)status == 200 && body.TryGetProperty("progress", out var p) && p.ValueKind == JsonValueKind.Object)
                {
                    seen.Add((body.GetProperty("runtimeStatus").GetString()!, p.GetProperty("unitsDone").GetInt32(), p.GetProperty("unitsTotal").GetInt32(), p.GetProperty("records").GetInt64()));
                }
                await Task.Delay(100, ct);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>History rows the task hub's history table holds for the instance.</summary>
    private async Task<int> HistoryEventsAsync(string hub, string instance, CancellationToken ct)
    {
        var table = new TableClient(azurite.ConnectionString, hub + "History");
        var rows = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(e => e.PartitionKey == instance, select: ["PartitionKey"], cancellationToken: ct))
        {
            rows++;
        }
        return rows;
    }
}
