using System.Text.Json;
using System.Text.Json.Nodes;
using Mao.Testing;
using Mao.Testing.Replay;
using Mao.Tools.Crawling;
using Mao.Tools.Manifests;
using Mao.Tools.Sar;
using Mao.Tools.Tests.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Mao.Tools.Tests.Sar;

/// <summary>The real catalogue of 2020-02-15 and -16 served through the browse endpoint's shape and crawled.</summary>
public sealed class SarCrawlTests : IAsyncLifetime
{
    private ReplayServer _server = null!;
    private ServiceProvider _services = null!;
    private List<SarApplication> _served = [];

    public async Task InitializeAsync()
    {
        _server = await ReplayServer.StartAsync();
        SarReplay.Mount(_server, () => _served.Select(a => JsonSerializer.SerializeToNode(a)!).ToList());
        _services = TestCrawlers.Create(_server);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _server.DisposeAsync();
    }

    private Task<CrawlResult> CrawlAsync(string id, CancellationToken token, Mao.Core.Model.Snapshot? previous = null) =>
        _services.GetRequiredService<SarCrawler>().CrawlAsync(TestCrawlers.Request(id, previous), TestCrawlers.Checkpoints(), token);

    [Fact]
    public async Task RealDay_CrawledThroughBrowsePages_EqualsTheDaysFile()
    {
        using var timeout = TestCrawlers.Timeout();
        _served = SarCsv.ReadFile(SharedData.Path("data/aws-sar/autocontents-2020-02-15.csv"));

        var result = await CrawlAsync("sar-day1", timeout.Token);

        Assert.Equal(CrawlStatus.Succeeded, result.Report.Status);
        Assert.Equal(_served.Count, result.Snapshot!.Records.Count);
        Assert.Equal(8, _server.Count("GET", p => p == SarReplay.BrowsePath)); // 747 apps, 100 a page
        var deployments = ToolManifests.AwsSar.Schema.IndexOf("deployment_count");
        var byId = result.Snapshot.Records.ToDictionary(r => r.Key);
        Assert.All(_served, app => Assert.Equal((double)app.DeploymentCount!.Value, byId[app.Id!].Values[deployments].Number));
    }

    [Fact]
    public async Task TwoRealDays_SnapshotsDifferExactlyInTheChangedDeploymentCounts()
    {
        using var timeout = TestCrawlers.Timeout();
        var day1 = SarCsv.ReadFile(SharedData.Path("data/aws-sar/autocontents-2020-02-15.csv"));
        var day2 = SarCsv.ReadFile(SharedData.Path("data/aws-sar/autocontents-2020-02-16.csv"));
        _served = day1;
        var first = await CrawlAsync("d1", timeout.Token);
        _served = day2;
        var second = await CrawlAsync("d2", timeout.Token, first.Snapshot);

        var changedKeys = first.Snapshot!.Records.Zip(second.Snapshot!.Records)
            .Where(pair => !pair.First.Equals(pair.Second)).Select(pair => pair.First.Key).ToList();
        Assert.Equal(SarDiff.Between(day1, day2).DeploymentChanges.Select(c => c.Id), changedKeys);
    }

    [Fact]
    public async Task FirstPageHtml_CrawlFailed_PreviousStands()
    {
        using var timeout = TestCrawlers.Timeout();
        _served = SarCsv.ReadFile(SharedData.Path("data/aws-sar/autocontents-2020-02-15.csv"));
        var first = await CrawlAsync("ok", timeout.Token);
        _server.Map("GET", SarReplay.BrowsePath, _ => ReplayResponse.Html("<html><body>Forbidden</body></html>", 403));

        var second = await CrawlAsync("blocked", timeout.Token, first.Snapshot);

        Assert.Equal(CrawlStatus.Failed, second.Report.Status);
        Assert.Same(first.Snapshot, second.Snapshot);
        Assert.Equal(Mao.Tools.Http.CrawlErrorKind.Forbidden, Assert.Single(second.Report.Errors).Kind);
    }
}
