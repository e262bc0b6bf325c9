using System.Net.Http.Json;
using System.Text.Json;
using Mao.Orchestrations.Api;
using Mao.Site.Tests.Support;
using Mao.Testing;

namespace Mao.Site.Tests.Federation;

/// <summary>A published ground truth is applied by every site, except one that holds a newer measurement of the tool.</summary>
[Collection(FederationCollection.Name)]
public sealed class NewerMeasurementTests(AzuriteFixture azurite, EtcdFixture etcd)
{
    [Fact]
    public async Task SiteWithANewerMeasurement_KeepsItsOwn_TheOthersAcceptAndHoldTheGroundTruth()
    {
        using var timeout = TestSites.Timeout(120);
        var ct = timeout.Token;
        await using var federation = new TestFederation(azurite, etcd);
        await federation.StartAsync(ct, "site-a", "site-b", "site-c");
        await federation.KeepAsync("site-a", TestSnapshots.Measurement("site-a", 10), ct);
        await federation.KeepAsync("site-b", TestSnapshots.Measurement("site-b", 10), ct);
        var nextDay = new DateTimeOffset(2026, 11, 28, 6, 0, 0, TimeSpan.Zero);
        var newer = await federation.KeepAsync("site-c", TestSnapshots.Measurement("site-c", 12, observedAt: nextDay), ct);

        await federation.StartRoundAsync("site-a", new StartRoundBody(TestSnapshots.Tool), ct);
        var result = await federation.WaitRoundAsync("site-a", TestSnapshots.Tool, "2026-11-27", ct);

        Assert.Equal(["site-c"], result.Verified.Accepted); // no comparable snapshot of the 27th: it accepted
        var decisions = new Dictionary<string, JsonElement>();
        foreach (var site in new[] { "site-a", "site-b", "site-c" })
        {
            decisions[site] = await DecisionAsync(federation, site, ct);
        }
        Assert.Equal("accepted", decisions["site-a"].GetProperty("decision").GetString());
        Assert.Equal("accepted", decisions["site-b"].GetProperty("decision").GetString());
        Assert.Equal("kept-own", decisions["site-c"].GetProperty("decision").GetString());
        Assert.Equal(newer.ContentId, decisions["site-c"].GetProperty("ownContentId").GetString());
        // Accepting means holding: site-b now serves the ground truth from its own store.
        using var http = federation.Http("site-b");
        using var download = await http.GetAsync($"api/snapshots/{result.Verified.Snapshot.ContentId}", ct);
        Assert.Equal(System.Net.HttpStatusCode.OK, download.StatusCode);
        Assert.Contains("fetched into this site's store", decisions["site-b"].GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    /// <summary>The site's decision, once its watch has seen the verified result (it may take a moment).</summary>
    private static async Task<JsonElement> DecisionAsync(TestFederation federation, string site, CancellationToken ct)
    {
        using var http = federation.Http(site);
        while (true)
        {
            using var response = await http.GetAsync("api/verified/bench/2026-11-27", ct);
            if (response.IsSuccessStatusCode)
            {
                var view = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
                if (view.TryGetProperty("decision", out var decision) && decision.ValueKind == JsonValueKind.Object)
                {
                    return decision;
                }
            }
            await Task.Delay(250, ct);
        }
    }
}
