using Mao.Orchestrations.ToolRuns;
using Mao.Site.Tests.Support;
using Mao.Testing;
using Mao.Testing.Replay;
using Microsoft.Extensions.DependencyInjection;

namespace Mao.Site.Tests.Pipeline;

/// <summary>The dockerhub-tags plan keeps each repository listing page as it reads it: a retried plan fetches only the pages it has not read.</summary>
[Collection(FederationCollection.Name)]
public sealed class ListingCheckpointRunTests(AzuriteFixture azurite, EtcdFixture etcd)
{
    private const string Tags = "dockerhub-tags";
    private const string Listing = "/v2/namespaces/library/repositories";

    [Fact]
    public async Task ListingPageFailingThroughAPlanAttempt_RetriedPlanFetchesOnlyThePagesNotYetRead()
    {
        using var timeout = TestSites.Timeout(300);
        var ct = timeout.Token;
        // 10 repositories of 2 tags, listed 3 a page: listing pages 1-4. Page 3 answers 500 three times: with one HTTP
        // retry the first plan attempt fails on it (after reading pages 1 and 2), the second gets it on its HTTP retry.
        var world = SyntheticHub.Build("library", repositories: 10, tagsPerRepository: 2);
        var (replay, settings) = await PipelineBed.DockerHubAsync(world, pageSize: 3);
        await using var _ = replay;
        settings["Mao:Http:MaxRetries"] = "1";
        replay.FailFirst(r => r.Path == Listing && r.QueryValue("page") == "3", 3, ReplayResponse.Json("{\"message\":\"replayed outage\"}", 500));
        await using var federation = new TestFederation(azurite, etcd);
        var site = await federation.StartAsync(PipelineBed.Site(federation, "site-a", Tags, replay, schedule: null, settings), ct);
        var now = DateTimeOffset.UtcNow;

        Assert.Equal(RunStartOutcome.Started, await site.Services.GetRequiredService<ToolRunStarter>().StartAsync(Tags, now, ct));
        var run = await PipelineBed.WaitRunAsync(site, Tags, Mao.Core.Model.Period.Of(now), ct);

        Assert.True(run.Complete);
        Assert.Equal((world.TagCount, 10), (run.Records, run.Units)); // every repository planned, from kept and fetched pages
        int Gets(string? page) => replay.Requests.Count(r => r.Method == "GET" && r.Path == Listing && r.QueryValue("page") == page);
        // Page 3 took both plan attempts (the outage, then its answer); the pages before it were read once, kept, and
        // read from storage by the second attempt; page 4 came after the outage.
        Assert.Equal(4, Gets("3"));
        Assert.Equal((1, 1, 1), (Gets(null), Gets("2"), Gets("4")));
    }
}
