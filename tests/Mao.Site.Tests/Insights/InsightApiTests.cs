using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Mao.Site.Tests.Support;
using Mao.Testing;

namespace Mao.Site.Tests.Insights;

/// <summary>
/// The insight routes of a real site host over the ground truth of real rounds: series (JSON, CSV, pages), charts,
/// alerts, the artefact card, ETags and the refusals. One bed for all of it: rounds are the slow part.
/// </summary>
[Collection(FederationCollection.Name)]
public sealed class InsightApiTests(AzuriteFixture azurite, EtcdFixture etcd)
{
    private const string Range = "from=2026-11-20&to=2026-11-30";

    [Fact]
    public async Task Routes_ServeSeriesChartsAlertsAndCards_FromTheGroundTruthOfTwoDays()
    {
        using var timeout = TestSites.Timeout(240);
        var ct = timeout.Token;
        await using var bed = await InsightBed.StartAsync(azurite, etcd, ct);
        using var http = bed.Http();

        // Series: one point per verified day, support = the two sites of the verified result.
        var (status, series) = await GetJsonAsync(http, $"api/series/imgs?metric=records&metric=count:architectures=arm64&metric=sum:size&{Range}", ct);
        Assert.Equal(HttpStatusCode.OK, status);
        var pages = series.GetProperty("series").EnumerateArray().ToArray();
        Assert.Equal(["records", "count:architectures=arm64", "sum:size"], pages.Select(p => p.GetProperty("name").GetString()));
        Assert.Equal([2.0, 3.0], Values(pages[0]));
        Assert.Equal([1.0, 2.0], Values(pages[1]));
        Assert.Equal([150.0, 175.0], Values(pages[2]));
        Assert.Equal(["2026-11-26", "2026-11-27"], pages[0].GetProperty("points").EnumerateArray().Select(p => p.GetProperty("date").GetString()));
        Assert.All(pages[0].GetProperty("points").EnumerateArray(), p => Assert.Equal(2, p.GetProperty("support").GetInt32()));

        // A page of one point, the second.
        var (_, paged) = await GetJsonAsync(http, $"api/series/imgs?{Range}&limit=1&offset=1", ct);
        var page = paged.GetProperty("series")[0];
        Assert.Equal(2, page.GetProperty("total").GetInt32());
        Assert.Equal([3.0], Values(page));

        // CSV by Accept header and by format=csv, the same bytes.
        using var csvRequest = new HttpRequestMessage(HttpMethod.Get, $"api/series/imgs?metric=sum:size&{Range}");
        csvRequest.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        using var csvResponse = await http.SendAsync(csvRequest, ct);
        var csv = await csvResponse.Content.ReadAsStringAsync(ct);
        Assert.Equal("text/csv", csvResponse.Content.Headers.ContentType!.MediaType);
        Assert.Equal("date,sum:size,support\n2026-11-26,150,2\n2026-11-27,175,2\n", csv);
        Assert.Equal(csv, await http.GetStringAsync($"api/series/imgs?metric=sum:size&{Range}&format=csv", ct));

        // ETag: the same question answers 304 without a body; another question has another tag.
        using var first = await http.GetAsync($"api/series/imgs?{Range}", ct);
        var etag = first.Headers.ETag!;
        using var again = new HttpRequestMessage(HttpMethod.Get, $"api/series/imgs?{Range}");
        again.Headers.IfNoneMatch.Add(etag);
        using var notModified = await http.SendAsync(again, ct);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync(ct));
        using var other = await http.GetAsync($"api/series/imgs?{Range}&metric=sum:size", ct);
        Assert.NotEqual(etag, other.Headers.ETag);

        // Charts: a PNG and an SVG of the series.
        using var png = await http.GetAsync($"api/charts/imgs.png?metric=records&{Range}&width=400&height=300", ct);
        Assert.Equal(HttpStatusCode.OK, png.StatusCode);
        Assert.Equal("image/png", png.Content.Headers.ContentType!.MediaType);
        var pngBytes = await png.Content.ReadAsByteArrayAsync(ct);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], pngBytes[..4]);
        Assert.NotNull(png.Headers.ETag);
        var svg = await http.GetStringAsync($"api/charts/imgs.svg?metric=records&{Range}", ct);
        Assert.Contains("<svg", svg);

        // Alerts: two days give no alert, and say over how many days.
        var (alertStatus, alerts) = await GetJsonAsync(http, $"api/alerts/imgs?{Range}", ct);
        Assert.Equal(HttpStatusCode.OK, alertStatus);
        Assert.Equal(2, alerts.GetProperty("points").GetInt32());
        Assert.Empty(alerts.GetProperty("alerts").EnumerateArray());

        // The quality card: values of the latest day, its history, support and the lint findings.
        var (cardStatus, card) = await GetJsonAsync(http, $"api/artefacts/imgs/library/nginx?{Range}", ct);
        Assert.Equal(HttpStatusCode.OK, cardStatus);
        var latest = card.GetProperty("latest");
        Assert.Equal("2026-11-27", latest.GetProperty("date").GetString());
        Assert.Equal(110, latest.GetProperty("values").GetProperty("size").GetDouble());
        Assert.Equal(["amd64", "arm64"], latest.GetProperty("values").GetProperty("architectures").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(2, latest.GetProperty("verifiedBy").GetInt32());
        Assert.Equal(["site-a", "site-b"], latest.GetProperty("support").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(2, card.GetProperty("history").GetProperty("total").GetInt32());
        var lint = card.GetProperty("lint");
        Assert.Equal(0, lint.GetProperty("errors").GetInt32());
        Assert.Equal("DL3007", lint.GetProperty("findings")[0].GetProperty("rule").GetString());
        var (_, redis) = await GetJsonAsync(http, $"api/artefacts/imgs/library/redis?{Range}&limit=1", ct);
        Assert.Equal(1, redis.GetProperty("lint").GetProperty("errors").GetInt32());
        Assert.Single(redis.GetProperty("history").GetProperty("days").EnumerateArray());

        // Sites: both live, site-a is this one.
        var (_, sites) = await GetJsonAsync(http, "api/sites", ct);
        Assert.Equal(["site-a", "site-b"], sites.EnumerateArray().Select(s => s.GetProperty("site").GetString()));
        Assert.True(sites[0].GetProperty("self").GetBoolean());
        Assert.All(sites.EnumerateArray(), s => Assert.True(s.GetProperty("live").GetBoolean()));

        // A round's ground truth: the verified result names it, GET /api/snapshots/{id} serves it with the id as ETag.
        var (_, verifiedView) = await GetJsonAsync(http, "api/verified/imgs/2026-11-27", ct);
        var groundTruth = verifiedView.GetProperty("verified").GetProperty("snapshot").GetProperty("contentId").GetString()!;
        using var snapshot = await http.GetAsync($"api/snapshots/{groundTruth}", ct);
        Assert.Equal(HttpStatusCode.OK, snapshot.StatusCode);
        Assert.Equal($"\"{groundTruth}\"", snapshot.Headers.ETag!.Tag);
        Assert.Equal(groundTruth, Mao.Core.Serialization.ContentId.Of(await snapshot.Content.ReadAsByteArrayAsync(ct)));
        using var held = new HttpRequestMessage(HttpMethod.Get, $"api/snapshots/{groundTruth}");
        held.Headers.IfNoneMatch.Add(snapshot.Headers.ETag);
        using var unchanged = await http.SendAsync(held, ct);
        Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
        Assert.Empty(await unchanged.Content.ReadAsByteArrayAsync(ct));

        // Each site's accept-or-keep decision: site-a's own, site-b's as site-b answers it itself.
        var (decisionsStatus, decisions) = await GetJsonAsync(http, "api/decisions/imgs/2026-11-27", ct);
        Assert.Equal(HttpStatusCode.OK, decisionsStatus);
        var bySite = decisions.GetProperty("sites").EnumerateArray().ToDictionary(d => d.GetProperty("site").GetString()!);
        Assert.Equal(["site-a", "site-b"], bySite.Keys);
        foreach (var (site, decision) in bySite)
        {
            using var own = bed.Federation.Http(site);
            var (_, view) = await GetJsonAsync(own, "api/verified/imgs/2026-11-27", ct);
            var expected = view.GetProperty("decision").GetProperty("decision").GetString();
            Assert.Contains(expected, new[] { "accepted", "kept-own" });
            Assert.Equal(expected, decision.GetProperty("decision").GetString());
        }
        var (_, undecided) = await GetJsonAsync(http, "api/decisions/imgs/2026-11-01", ct);
        Assert.All(undecided.GetProperty("sites").EnumerateArray(), d => Assert.Equal("no decision yet", d.GetProperty("problem").GetString()));

        // Liveness: a stopped site's card goes with its lease, but it is still a member (its key stays published): gone.
        await bed.Federation.StopAsync("site-b");
        JsonElement siteB;
        do
        {
            await Task.Delay(200, ct);
            (_, sites) = await GetJsonAsync(http, "api/sites", ct);
            siteB = sites.EnumerateArray().Single(s => s.GetProperty("site").GetString() == "site-b");
        }
        while (siteB.GetProperty("live").GetBoolean());
        Assert.Equal(["site-a", "site-b"], sites.EnumerateArray().Select(s => s.GetProperty("site").GetString()));
        Assert.Equal("", siteB.GetProperty("endpoint").GetString());
        Assert.True(sites[0].GetProperty("live").GetBoolean());
        (_, decisions) = await GetJsonAsync(http, "api/decisions/imgs/2026-11-27", ct);
        var goneDecision = decisions.GetProperty("sites").EnumerateArray().Single(d => d.GetProperty("site").GetString() == "site-b");
        Assert.False(goneDecision.TryGetProperty("decision", out _), "a gone site has no decision"); // nulls are left out
        Assert.StartsWith("gone", goneDecision.GetProperty("problem").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Routes_BadParametersAndUnknownArtefacts_AreClear4xx()
    {
        using var timeout = TestSites.Timeout(120);
        var ct = timeout.Token;
        await using var federation = new TestFederation(azurite, etcd);
        await federation.StartAsync(ct, "site-a");
        using var http = federation.Http("site-a");

        await AssertErrorAsync(http, "api/series/imgs?from=2026-13-01", 400, "query parameter from", ct);
        await AssertErrorAsync(http, "api/series/imgs?from=2026-11-30&to=2026-11-01", 400, "is after to", ct);
        await AssertErrorAsync(http, "api/series/imgs?from=2020-01-01&to=2026-01-01", 400, "more than 366 days", ct);
        await AssertErrorAsync(http, "api/series/imgs?metric=median:size", 400, "is not a metric", ct);
        await AssertErrorAsync(http, "api/series/imgs?limit=0", 400, "query parameter limit", ct);
        await AssertErrorAsync(http, "api/series/imgs?offset=-1", 400, "query parameter offset", ct);
        await AssertErrorAsync(http, "api/series/imgs?format=xml", 400, "query parameter format", ct);
        await AssertErrorAsync(http, "api/series/Not_A_Tool", 400, "tool", ct);
        await AssertErrorAsync(http, "api/charts/imgs.gif", 400, "<tool>.png or <tool>.svg", ct);
        await AssertErrorAsync(http, "api/charts/imgs.png?width=99999", 400, "query parameter width", ct);
        await AssertErrorAsync(http, "api/charts/imgs.png?trend=spline", 400, "query parameter trend", ct);
        await AssertErrorAsync(http, "api/alerts/imgs?threshold=abc", 400, "query parameter threshold", ct);
        await AssertErrorAsync(http, "api/artefacts/imgs/library/nginx", 404, "has artefact 'library/nginx'", ct);

        // No ground truth yet: an empty series, not an error.
        var (status, series) = await GetJsonAsync(http, "api/series/imgs", ct);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(0, series.GetProperty("series")[0].GetProperty("total").GetInt32());
    }

    private static async Task AssertErrorAsync(HttpClient http, string path, int expected, string says, CancellationToken ct)
    {
        var (status, body) = await GetJsonAsync(http, path, ct);
        Assert.True((int)status == expected, $"{path}: expected {expected}, got {(int)status} {body}");
        Assert.Contains(says, body.GetProperty("error").GetString());
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> GetJsonAsync(HttpClient http, string path, CancellationToken ct)
    {
        using var response = await http.GetAsync(path, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    private static double[] Values(JsonElement page) => page.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("value").GetDouble()).ToArray();
}
