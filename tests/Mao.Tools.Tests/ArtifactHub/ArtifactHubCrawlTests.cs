using Mao.Core.Model;
using Mao.Testing.Replay;
using Mao.Tools.Crawling;
using Mao.Tools.Http;
using Mao.Tools.Manifests;
using Mao.Tools.Tests.Http;

namespace Mao.Tools.Tests.ArtifactHub;

public class ArtifactHubCrawlTests
{
    private static FieldValue Field(SnapshotRecord record, string name) => record.Values[ToolManifests.ArtifactHubHelm.Schema.IndexOf(name)];

    [Fact]
    public async Task RecordedSearchResponse_FieldsMapped()
    {
        using var timeout = TestCrawlers.Timeout();
        var (packages, total, _) = ArtifactHubReplay.RecordedCase(1);
        await using var bed = await AhTestBed.StartAsync(packages);

        var result = await bed.CrawlAsync("recorded", timeout.Token);

        Assert.Equal(CrawlStatus.Succeeded, result.Report.Status);
        Assert.Equal(total, result.Snapshot!.Records.Count);
        var records = result.Snapshot.Records.ToDictionary(r => r.Key);
        foreach (var package in packages)
        {
            var record = records[$"{package["repository"]!["name"]}/{package["name"]}"];
            Assert.Equal(package["version"]!.GetValue<string>(), Field(record, "version").Text);
            Assert.Equal(package["signed"]?.GetValue<bool>() == true ? "true" : "false", Field(record, "signed").Text);
            Assert.Equal(package["deprecated"]?.GetValue<bool>() == true ? "true" : "false", Field(record, "deprecated").Text);
            Assert.Equal(package["repository"]!["verified_publisher"]!.GetValue<bool>() ? "true" : "false", Field(record, "verified_publisher").Text);
            Assert.Equal(package["app_version"] is null, Field(record, "app_version").IsMissing);
            var security = package["security_report_summary"];
            Assert.Equal(security is null, Field(record, "security_high").IsMissing);
            if (security is not null)
            {
                Assert.Equal(security["high"]?.GetValue<int>() ?? 0, Field(record, "security_high").Number);
                Assert.Equal(security["critical"]?.GetValue<int>() ?? 0, Field(record, "security_critical").Number);
            }
        }
    }

    [Fact]
    public async Task ManyPackages_AllPagesOfSixty()
    {
        using var timeout = TestCrawlers.Timeout();
        var packages = ArtifactHubReplay.BuiltPackages(130);
        await using var bed = await AhTestBed.StartAsync(packages);

        var result = await bed.CrawlAsync("paging", timeout.Token);

        Assert.Equal(130, result.Snapshot!.Records.Count);
        var requests = bed.Server.Requests.Where(r => r.Path == ArtifactHubReplay.SearchPath).ToList();
        Assert.Equal(["0", "60", "120"], requests.Select(r => r.QueryValue("offset")));
        Assert.All(requests, r => Assert.Equal(("60", "0"), (r.QueryValue("limit"), r.QueryValue("kind"))));
    }

    [Fact]
    public async Task MissingTotalHeader_CrawlFailed()
    {
        using var timeout = TestCrawlers.Timeout();
        await using var bed = await AhTestBed.StartAsync([]);
        bed.Server.Map("GET", ArtifactHubReplay.SearchPath, _ => ReplayResponse.Json("{\"packages\":[]}"));

        var result = await bed.CrawlAsync("no-total", timeout.Token);

        Assert.Equal(CrawlStatus.Failed, result.Report.Status);
        Assert.Contains("Pagination-Total-Count", Assert.Single(result.Report.Errors).Message);
        Assert.Null(result.Snapshot);
    }

    [Fact]
    public async Task MiddlePageFails_PreviousRecordsFillTheGap()
    {
        using var timeout = TestCrawlers.Timeout();
        var packages = ArtifactHubReplay.BuiltPackages(130);
        await using var bed = await AhTestBed.StartAsync(packages);
        var first = await bed.CrawlAsync("day1", timeout.Token);
        var calls = 0;
        bed.Server.Map("GET", ArtifactHubReplay.SearchPath, request => request.QueryValue("offset") == "60"
            ? ReplayResponse.Html("<html>Bad gateway</html>", 502)
            : ArtifactHubPage(packages, request, ref calls));

        var second = await bed.CrawlAsync("day2", timeout.Token, previous: first.Snapshot);

        Assert.Equal(CrawlStatus.Partial, second.Report.Status);
        Assert.Equal("offset:60", Assert.Single(second.Report.Errors).Unit);
        Assert.Equal(first.Snapshot!.Records, second.Snapshot!.Records);
    }

    [Fact]
    public async Task TooManyRequestsWithRetryAfter_WaitsAndCompletes()
    {
        using var timeout = TestCrawlers.Timeout();
        var packages = ArtifactHubReplay.BuiltPackages(70);
        await using var bed = await AhTestBed.StartAsync(packages);
        var calls = 0;
        var limited = 0;
        bed.Server.Map("GET", ArtifactHubReplay.SearchPath, request => request.QueryValue("offset") == "60" && Interlocked.Increment(ref limited) == 1
            ? ReplayResponse.Json("{\"message\":\"too many requests\"}", 429).WithHeader("Retry-After", "1")
            : ArtifactHubPage(packages, request, ref calls));

        var result = await bed.CrawlAsync("limited", timeout.Token);

        Assert.Equal(CrawlStatus.Succeeded, result.Report.Status);
        Assert.Equal(70, result.Snapshot!.Records.Count);
        Assert.Equal(2, limited);
    }

    [Fact]
    public async Task CrashAfterFirstPage_Resume_SameSnapshot()
    {
        using var timeout = TestCrawlers.Timeout();
        var packages = ArtifactHubReplay.BuiltPackages(200);
        await using var bed = await AhTestBed.StartAsync(packages);
        var reference = await bed.CrawlAsync("reference", timeout.Token);
        using var crash = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        var progress = new SyncProgress<CrawlProgress>(p => { if (p.UnitsDone >= 2) { crash.Cancel(); } });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => bed.CrawlAsync("crash", crash.Token, progress: progress));

        var resumed = await bed.CrawlAsync("crash", timeout.Token);

        Assert.Equal(2, resumed.Report.ResumedUnits);
        Assert.Equal(reference.Snapshot!.ContentId, resumed.Snapshot!.ContentId);
    }

    private static ReplayResponse ArtifactHubPage(List<System.Text.Json.Nodes.JsonObject> packages, ReplayRequest request, ref int calls)
    {
        calls++;
        var offset = request.QueryInt("offset", 0);
        var page = new System.Text.Json.Nodes.JsonObject
        {
            ["packages"] = new System.Text.Json.Nodes.JsonArray(packages.Skip(offset).Take(60).Select(p => (System.Text.Json.Nodes.JsonNode)p.DeepClone()).ToArray()),
        };
        return ReplayResponse.Json(page.ToJsonString()).WithHeader("Pagination-Total-Count", packages.Count.ToString());
    }
}
