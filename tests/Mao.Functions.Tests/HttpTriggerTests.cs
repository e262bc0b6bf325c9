using System.Text;
using System.Text.Json;
using Mao.Core.Serialization;
using Mao.Federation.Registry.Documents;
using Mao.Federation.Rounds;
using Mao.Orchestrations.Api;
using Mao.Testing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using static Mao.Functions.Tests.TriggerRequests;

namespace Mao.Functions.Tests;

/// <summary>
/// The Functions app's HTTP trigger methods, called directly (no `func` here) with real ASP.NET Core requests, the
/// app's own services (AddMaoFunctions) and a real DurableTaskClient: the gRPC client of a site host on real Azurite and
/// etcd, whose worker runs the rounds the triggers start.
/// </summary>
[Collection(FunctionsCollection.Name)]
public sealed class HttpTriggerTests(AzuriteFixture azurite, EtcdFixture etcd)
{
    private const string Period = "2026-11-27";

    [Fact]
    public async Task RoundAndReadTriggers_StartReadAndServeARound_WithTheSiteHostsStatuses()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var ct = timeout.Token;
        await using var test = await FunctionsTestSite.StartAsync(azurite, etcd, ct);
        var kept = await test.Site.Services.GetRequiredService<ISnapshotLibrary>().KeepAsync(FunctionsTestSite.Measurement("site-a"), ct);
        var rounds = test.Create<RoundHttpFunctions>();
        var reads = test.Create<SiteReadFunctions>();
        var client = test.Site.Client;
        var start = new StartRoundBody(FunctionsTestSite.Tool, AnswerWindowSeconds: 0);

        var refused = await rounds.StartAsync(Json(start), client, ct);
        var keyed = Json(start);
        keyed.Headers[ApiKeys.Header] = SiteIdentity.ApiKey(test.Settings);
        var started = await rounds.StartAsync(keyed, client, ct);

        Assert.Equal(401, Status(refused));
        Assert.Equal(202, Status(started));
        Assert.Equal("started", Body(started).GetProperty("outcome").GetString());
        Assert.Equal(Period, Body(started).GetProperty("round").GetString());
        JsonElement status;
        do
        {
            await Task.Delay(250, ct);
            status = Body(await rounds.GetAsync(Get(), FunctionsTestSite.Tool, Period, client, ct));
        }
        while (status.GetProperty("runtimeStatus").GetString() is "Running" or "Pending");
        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        Assert.True(status.GetProperty("result").GetProperty("published").GetBoolean());
        Assert.Equal(404, Status(await rounds.GetAsync(Get(), FunctionsTestSite.Tool, "2026-01-01", client, ct)));

        // Answers: an unsigned body is refused; a well-signed answer to a round this site does not run is not ours.
        var peer = await test.JoinPeerAsync("site-b", ct);
        var answer = new RoundAnswer(FunctionsTestSite.Tool, "2026-01-01", "site-b", 1, AnswerKind.Accept);
        var unsigned = await rounds.PostAnswerAsync(Json(answer), FunctionsTestSite.Tool, "2026-01-01", client, ct);
        var forged = Forge(peer.Signer.SignToJson(answer));
        var notOurs = await rounds.PostAnswerAsync(Raw(peer.Signer.SignToJson(answer)), FunctionsTestSite.Tool, "2026-01-01", client, ct);
        Assert.Equal(403, Status(unsigned));
        Assert.Equal(403, Status(await rounds.PostAnswerAsync(Raw(forged), FunctionsTestSite.Tool, "2026-01-01", client, ct)));
        Assert.Equal(404, Status(notOurs));
        Assert.Equal(415, Status(await rounds.PostAnswerAsync(Raw("{}", "text/plain"), FunctionsTestSite.Tool, "2026-01-01", client, ct)));

        // Snapshot bytes for peers: they hash to the id asked for.
        var download = Assert.IsType<FileStreamResult>(await reads.DownloadAsync(Get(), kept.ContentId, ct));
        await using (download.FileStream)
        {
            using var bytes = new MemoryStream();
            await download.FileStream.CopyToAsync(bytes, ct);
            Assert.Equal(kept.ContentId, ContentId.Of(bytes.ToArray()));
        }
        Assert.Equal(SnapshotDownloads.ContentType, download.ContentType);
        var holding = Get();
        holding.Headers.IfNoneMatch = $"\"{kept.ContentId}\"";
        Assert.Equal(304, Assert.IsType<StatusCodeResult>(await reads.DownloadAsync(holding, kept.ContentId, ct)).StatusCode);
        Assert.Equal($"\"{kept.ContentId}\"", holding.HttpContext.Response.Headers.ETag.ToString());
        Assert.Equal(400, Status(await reads.DownloadAsync(Get(), "../etc/passwd", ct)));
        Assert.Equal(404, Status(await reads.DownloadAsync(Get(), new string('0', 64), ct)));

        // The verified result the round published, and this site's decision about it (recorded by its watcher).
        var verified = await reads.GetVerifiedAsync(Get(), FunctionsTestSite.Tool, Period, ct);
        Assert.Equal(200, Status(verified));
        Assert.Equal("site-a", Body(verified).GetProperty("verified").GetProperty("site").GetString());
        JsonElement decisions;
        do
        {
            await Task.Delay(250, ct);
            decisions = Body(await reads.ListVerifiedAsync(Get("?tool=bench"), ct));
        }
        while (decisions.GetArrayLength() == 0);
        Assert.Equal(SiteDecisions.Accepted, decisions[0].GetProperty("decision").GetString());
        Assert.Equal(400, Status(await reads.ListVerifiedAsync(Get("?tool=Not%20A%20Tool"), ct)));
        // The query's range and limit reach the list: the published day is in its own range and not before it.
        Assert.Equal(1, Body(await reads.ListVerifiedAsync(Get($"?tool=bench&from={Period}&to={Period}&limit=1"), ct)).GetArrayLength());
        Assert.Equal(0, Body(await reads.ListVerifiedAsync(Get("?tool=bench&to=2020-01-01"), ct)).GetArrayLength());
        Assert.Equal(400, Status(await reads.ListVerifiedAsync(Get("?limit=0"), ct)));
        Assert.Equal(404, Status(await reads.GetVerifiedAsync(Get(), FunctionsTestSite.Tool, "2020-01-01", ct)));
        Assert.Equal(400, Status(await reads.GetVerifiedAsync(Get(), FunctionsTestSite.Tool, "someday", ct)));
        await InsightTriggersServeThePublishedDayAsync(test, ct);
        var health = Body(await reads.HealthAsync(Get(), ct));
        Assert.Equal("site-a", health.GetProperty("site").GetString());
        Assert.Equal(test.Options.EffectiveTaskHub, health.GetProperty("taskHub").GetString());
        Assert.Equal(("up", "up"), (health.GetProperty("storage").GetString(), health.GetProperty("etcd").GetString()));
    }

    /// <summary>The insight and dashboard triggers over the ground truth the round published (the site host's InsightApi code).</summary>
    private static async Task InsightTriggersServeThePublishedDayAsync(FunctionsTestSite test, CancellationToken ct)
    {
        var insights = test.Create<InsightFunctions>();
        var request = Get($"?metric=records&from={Period}&to={Period}");
        var series = await insights.SeriesAsync(request, FunctionsTestSite.Tool, ct);
        Assert.Equal(200, Status(series));
        var points = Body(series).GetProperty("series")[0].GetProperty("points");
        Assert.Equal([Period], points.EnumerateArray().Select(p => p.GetProperty("date").GetString()));
        Assert.False(string.IsNullOrEmpty(request.HttpContext.Response.Headers.ETag), "a series built from snapshots carries an ETag");
        Assert.Equal(400, Status(await insights.SeriesAsync(Get("?format=xml"), FunctionsTestSite.Tool, ct)));
        Assert.Equal(400, Status(await insights.ChartAsync(Get(), "bench.gif", ct)));
        var chart = Assert.IsType<FileContentResult>(await insights.ChartAsync(Get($"?from={Period}&to={Period}"), "bench.svg", ct));
        Assert.StartsWith("image/svg", chart.ContentType, StringComparison.Ordinal);
        var sites = Body(await insights.SitesAsync(Get(), ct));
        Assert.Contains(sites.EnumerateArray(), s => s.GetProperty("site").GetString() == "site-a" && s.GetProperty("self").GetBoolean());
        Assert.Equal(200, Status(await insights.NotificationsAsync(Get(), ct)));
        var decisions = Body(await insights.DecisionsAsync(Get(), FunctionsTestSite.Tool, Period, ct)).GetProperty("sites");
        Assert.Contains(decisions.EnumerateArray(), s => s.GetProperty("site").GetString() == "site-a" && s.GetProperty("self").GetBoolean());
        Assert.Equal(400, Status(await insights.DecisionsAsync(Get(), FunctionsTestSite.Tool, "not-a-day", ct)));

        var page = Assert.IsType<FileContentResult>(insights.DashboardAsync(Get(), null));
        Assert.StartsWith("text/html", page.ContentType, StringComparison.Ordinal);
        Assert.Contains("dashboard/dashboard.js", Encoding.UTF8.GetString(page.FileContents), StringComparison.Ordinal);
        Assert.StartsWith("text/javascript", Assert.IsType<FileContentResult>(insights.DashboardAsync(Get(), "dashboard.js")).ContentType, StringComparison.Ordinal);
        Assert.IsType<NotFoundResult>(insights.DashboardAsync(Get(), "secrets.txt"));

        // Runs: each configured tool today and yesterday, whether or not it ran.
        var runs = Body(await test.Create<RunFunctions>().ListAsync(Get(), test.Site.Client, ct)).GetProperty("runs");
        Assert.Equal(test.Settings.Tools.Count * 2, runs.GetArrayLength());
    }

    /// <summary>The signed envelope with its payload changed after signing (revision 1 becomes 2): the signature no longer fits.</summary>
    private static string Forge(string envelope)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(envelope)!;
        var payload = node["payload"]!.GetValue<string>();
        Assert.Contains("\"revision\":1", payload, StringComparison.Ordinal);
        node["payload"] = payload.Replace("\"revision\":1", "\"revision\":2", StringComparison.Ordinal);
        return node.ToJsonString();
    }
}
