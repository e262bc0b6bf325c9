using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mao.Federation.Rounds;
using Mao.Site.Tests.Support;
using Mao.Testing;

namespace Mao.Site.Tests.Federation;

/// <summary>GET /api/verified on a site host with years of decisions: newest period first, a range of periods, a limit, and a 400 naming a bad parameter.</summary>
[Collection(FederationCollection.Name)]
public sealed class VerifiedListTests(AzuriteFixture azurite, EtcdFixture etcd)
{
    [Fact]
    public async Task Decisions_NewestFirst_FilteredByToolAndPeriods_Limited_BadParametersNamed()
    {
        using var timeout = TestSites.Timeout(120);
        var ct = timeout.Token;
        await using var federation = new TestFederation(azurite, etcd);
        await federation.StartAsync(ct, "site-a");
        var decisions = new SiteDecisions(federation.Options("site-a").Federation);
        var first = new DateOnly(2025, 12, 20);
        foreach (var tool in new[] { "tool-x", "tool-y" })
        {
            for (var day = 0; day < 30; day++)
            {
                var period = first.AddDays(day).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
                await decisions.RecordAsync(new SiteDecision(tool, period, SiteDecisions.Accepted, period, "site-b", new string('a', 64), null, null,
                    "test", DateTimeOffset.UtcNow), ct);
            }
        }
        using var http = federation.Http("site-a");
        async Task<string[]> ListAsync(string query)
        {
            using var response = await http.GetAsync($"api/verified{query}", ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonElement[]>(ct))!
                .Select(d => $"{d.GetProperty("tool").GetString()}/{d.GetProperty("period").GetString()}").ToArray();
        }

        var all = await ListAsync("");
        var newest = await ListAsync("?limit=3");
        var yearEnd = await ListAsync("?tool=tool-y&from=2025-12-30&to=2026-01-01");
        var fromOnly = await ListAsync("?from=2026-01-17");

        Assert.Equal(60, all.Length);
        Assert.Equal(["tool-x/2026-01-18", "tool-y/2026-01-18", "tool-x/2026-01-17"], newest);
        Assert.Equal(["tool-y/2026-01-01", "tool-y/2025-12-31", "tool-y/2025-12-30"], yearEnd);
        Assert.Equal(["tool-x/2026-01-18", "tool-y/2026-01-18", "tool-x/2026-01-17", "tool-y/2026-01-17"], fromOnly);
        foreach (var (query, named) in new[]
                 {
                     ("?limit=0", "limit"), ("?limit=10001", "limit"), ("?limit=ten", "limit"), ("?from=2026-13-01", "from"),
                     ("?to=yesterday", "to"), ("?from=2026-01-02&to=2026-01-01", "from"), ("?tool=..%2Fetc", "tool"),
                 })
        {
            using var response = await http.GetAsync($"api/verified{query}", ct);
            Assert.True(HttpStatusCode.BadRequest == response.StatusCode, $"{query}: {(int)response.StatusCode}");
            Assert.Contains($"query parameter {named}", await response.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        }
    }
}
