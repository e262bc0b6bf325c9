using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Blobs;
using Mao.Orchestrations.Api;
using Mao.Orchestrations.ToolRuns;
using Mao.Site.Tests.Support;
using Mao.Testing;

namespace Mao.Site.Tests.Pipeline;

/// <summary>A run whose host stops half-way carries on in a new host on the same task hub, without fetching done units again.</summary>
[Collection(FederationCollection.Name)]
public sealed class ResumedRunTests(AzuriteFixture azurite, EtcdFixture etcd)
{
    private const string Helm = "artifacthub-helm";
    private const int Packages = 12 * 60;

    /// <param name="batchesPerGeneration">50: the run is one generation; 1: it continues as new after every batch, so the stop falls between or within generations.</param>
    [Theory]
    [InlineData(50)]
    [InlineData(1)]
    public async Task HostStoppedWhileUnitsRun_NewHostFinishesTheRun_DoneUnitsAreNotFetchedAgain(int batchesPerGeneration)
    {
        using var timeout = TestSites.Timeout(150);
        var ct = timeout.Token;
        await using var replay = await PipelineBed.ArtifactHubAsync(Packages, TimeSpan.FromSeconds(1.5));
        await using var federation = new TestFederation(azurite, etcd);
        var options = PipelineBed.Site(federation, "site-a", Helm, replay, schedule: null,
            new Dictionary<string, string?> { ["Mao:ToolRuns:BatchesPerGeneration"] = batchesPerGeneration.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await federation.StartAsync(options, ct);
        var period = PipelineBed.Today;

        var (status, started) = await StartRunAsync(federation, "site-a", ct);
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("started", started.GetProperty("outcome").GetString());
        Assert.Equal(HttpStatusCode.OK, (await StartRunAsync(federation, "site-a", ct)).Status); // one run per tool and period
        var progress = await WaitProgressAsync(federation, "site-a", period, unitsDone: 4, ct);
        Assert.Equal(12, progress.GetProperty("unitsTotal").GetInt32());
        await federation.StopAsync("site-a");
        var doneBeforeStop = await UnitsCheckpointedAsync(options, period, ct);

        var restarted = await federation.StartAsync(options, ct);
        var run = await PipelineBed.WaitRunAsync(restarted, Helm, period, ct);

        Assert.Equal(Packages, run.Records);
        Assert.Equal(12, run.Units);
        Assert.InRange(doneBeforeStop.Count, 4, 11); // stopped mid-run: some units done, some not
        foreach (var unit in doneBeforeStop)
        {
            var offset = unit["offset:".Length..];
            Assert.True(1 == replay.Requests.Count(r => r.Method == "GET" && r.Path == Mao.Testing.Replay.ArtifactHubReplay.SearchPath && r.QueryValue("offset") == offset),
                $"unit {unit} was done before the stop and was fetched again");
        }
        Assert.Equal(12, (await UnitsCheckpointedAsync(options, period, ct)).Count);
        var final = await StatusAsync(federation, "site-a", period, ct);
        Assert.Equal("Completed", final.GetProperty("runtimeStatus").GetString());
        Assert.Equal(12, final.GetProperty("progress").GetProperty("unitsDone").GetInt32());
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> StartRunAsync(TestFederation federation, string site, CancellationToken ct)
    {
        using var http = federation.Http(site);
        http.DefaultRequestHeaders.Add(ApiKeys.Header, Mao.Federation.Rounds.SiteIdentity.ApiKey(federation[site].Options.Federation));
        using var response = await http.PostAsJsonAsync("api/runs", new StartRunBody(Helm), Mao.Core.Serialization.MaoJson.Options, ct);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement.Clone());
    }

    private static async Task<JsonElement> StatusAsync(TestFederation federation, string site, string period, CancellationToken ct)
    {
        using var http = federation.Http(site);
        return JsonDocument.Parse(await http.GetStringAsync($"api/runs/{Helm}/{period}", ct)).RootElement.Clone();
    }

    /// <summary>Polls GET /api/runs/{tool}/{period} until the progress shows the units done.</summary>
    private static async Task<JsonElement> WaitProgressAsync(TestFederation federation, string site, string period, int unitsDone, CancellationToken ct)
    {
        while (true)
        {
            var status = await StatusAsync(federation, site, period, ct);
            if (status.TryGetProperty("progress", out var progress) && progress.ValueKind == JsonValueKind.Object
                && progress.GetProperty("unitsDone").GetInt32() >= unitsDone)
            {
                return progress;
            }
            await Task.Delay(100, ct);
        }
    }

    private async Task<List<string>> UnitsCheckpointedAsync(Mao.Site.Hosting.SiteOptions options, string period, CancellationToken ct)
    {
        var container = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(UnitCheckpoints.ContainerOf(options.Federation));
        var units = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, $"{Helm}/{period}/", ct))
        {
            units.Add(Uri.UnescapeDataString(blob.Name[(blob.Name.LastIndexOf('/') + 1)..^".json".Length]));
        }
        return units;
    }
}
