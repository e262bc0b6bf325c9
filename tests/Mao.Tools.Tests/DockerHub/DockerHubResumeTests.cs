using Mao.Testing.Replay;
using Mao.Tools.Crawling;
using Mao.Tools.Tests.Http;

namespace Mao.Tools.Tests.DockerHub;

public class DockerHubResumeTests
{
    [Fact]
    public async Task CrashMidCrawl_Resume_SameSnapshotAsUninterruptedCrawl()
    {
        using var timeout = TestCrawlers.Timeout();
        await using var bed = await HubTestBed.StartAsync(SyntheticHub.Build("library", 40, 5, registryEvery: 7),
            s => s["Mao:DockerHub:RepositoryConcurrency"] = "2");
        var uninterrupted = await bed.CrawlAsync("reference-crawl", timeout.Token);

        // The "crash": cancel once 15 repositories are done.
        using var crash = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        var progress = new SyncProgress<CrawlProgress>(p =>
        {
            if (p.UnitsDone >= 15)
            {
                crash.Cancel();
            }
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => bed.CrawlAsync("crashing-crawl", crash.Token, progress: progress));
        var checkpointed = (await bed.Checkpoints.LoadAsync("crashing-crawl", timeout.Token)).Count;
        Assert.InRange(checkpointed, 15, 39);
        bed.Server.ClearLog();

        var resumed = await bed.CrawlAsync("crashing-crawl", timeout.Token);

        Assert.Equal(CrawlStatus.Succeeded, resumed.Report.Status);
        Assert.Equal(checkpointed, resumed.Report.ResumedUnits);
        Assert.Equal(40 - checkpointed, bed.Requests("GET", "/tags")); // only the unfinished repositories were fetched again
        Assert.Equal(uninterrupted.Snapshot!.Records.Count, resumed.Snapshot!.Records.Count);
        Assert.Equal(uninterrupted.Snapshot.ContentId, resumed.Snapshot.ContentId);
    }
}
