using Mao.Core.Model;
using Mao.Orchestrations.ToolRuns;
using Mao.Site.Tests.Support;
using Mao.Testing;
using Mao.Testing.Replay;
using Mao.Tools.DockerHub;
using Microsoft.Extensions.DependencyInjection;

namespace Mao.Site.Tests.Pipeline;

/// <summary>The next run reuses the previous run's records of repositories whose last_updated did not change: their tag pages are not fetched.</summary>
[Collection(FederationCollection.Name)]
public sealed class IncrementalRunTests(AzuriteFixture azurite, EtcdFixture etcd)
{
    private const string Tags = "dockerhub-tags";

    [Fact]
    public async Task SecondRun_FetchesOnlyTheChangedRepositorysTagPages_AndKeepsTheSameRecordsForTheRest()
    {
        using var timeout = TestSites.Timeout(240);
        var ct = timeout.Token;
        // 4 repositories of 12 tags in pages of 5: three pages each; every 3rd tag read from the registry.
        var world = SyntheticHub.Build("library", repositories: 4, tagsPerRepository: 12, registryEvery: 3);
        var (replay, settings) = await PipelineBed.DockerHubAsync(world, pageSize: 5);
        await using var _ = replay;
        await using var federation = new TestFederation(azurite, etcd);
        var site = await federation.StartAsync(PipelineBed.Site(federation, "site-a", Tags, replay, schedule: null, settings), ct);
        var starter = site.Services.GetRequiredService<ToolRunStarter>();
        var library = site.Services.GetRequiredService<Mao.Federation.Rounds.ISnapshotLibrary>();
        var day1 = DateTimeOffset.UtcNow;
        var day2 = day1.AddDays(1);

        Assert.Equal(RunStartOutcome.Started, await starter.StartAsync(Tags, day1, ct));
        var first = await PipelineBed.WaitRunAsync(site, Tags, Period.Of(day1), ct);
        Assert.Equal((12, 0), (first.Units, first.Reused));
        Assert.All(world.Namespaces["library"], repo => Assert.Equal(3, TagPages(replay, repo.Name)));

        // Day 2: only repo00002 was pushed to (a new last_updated and a new tag).
        var changed = world.Find("library", "repo00002")!;
        changed.LastUpdated = changed.LastUpdated.AddDays(1);
        changed.Tags.Add(new HubTagModel("2.0") { LastPushed = changed.LastUpdated, Images = (System.Text.Json.Nodes.JsonArray)changed.Tags.First(t => t.Images is { Count: > 0 }).Images!.DeepClone() });
        replay.ClearLog();
        Assert.Equal(RunStartOutcome.Started, await starter.StartAsync(Tags, day2, ct));
        var second = await PipelineBed.WaitRunAsync(site, Tags, Period.Of(day2), ct);

        Assert.Equal(world.TagCount, second.Records);
        Assert.Equal(Period.Of(day1), second.Previous);
        Assert.Equal((9, 0, 0), (second.Reused, second.CarriedOver, second.Missing)); // three unchanged repositories, three pages each
        foreach (var repo in world.Namespaces["library"])
        {
            Assert.Equal(repo == changed ? 3 : 0, TagPages(replay, repo.Name));
        }
        Assert.True(replay.Count("GET", p => p.TrimEnd('/').EndsWith("/repositories", StringComparison.Ordinal)) > 0,
            "the repository listing is read on every run (it tells which repositories changed)");
        Assert.Equal(0, replay.Count("HEAD", p => p.Contains("/repo00000/manifests/", StringComparison.Ordinal)));
        // The unchanged repositories' records are the first run's, record for record.
        var before = (await library.LoadAsync(first.ContentId, ct)).Records.Where(r => !r.Key.StartsWith("library/repo00002:", StringComparison.Ordinal));
        var after = (await library.LoadAsync(second.ContentId, ct)).Records;
        Assert.Equal(before, after.Where(r => !r.Key.StartsWith("library/repo00002:", StringComparison.Ordinal)));
        Assert.Equal(13, after.Count(r => r.Key.StartsWith("library/repo00002:", StringComparison.Ordinal)));
    }

    private static int TagPages(ReplayServer replay, string repository) =>
        replay.Count("GET", p => p.Contains($"/repositories/{repository}/tags", StringComparison.Ordinal));
}
