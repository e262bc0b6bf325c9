using Mao.Core.Model;
using Mao.Orchestrations.ToolRuns;
using Mao.Site.Tests.Support;
using Mao.Testing;
using Mao.Testing.Replay;
using Mao.Tools.DockerHub;
using Microsoft.Extensions.DependencyInjection;

namespace Mao.Site.Tests.Pipeline;

/// <summary>A unit that still fails after its retries does not fail the run: the previous kept run's records stand in, or it is reported missing.</summary>
[Collection(FederationCollection.Name)]
public sealed class CarryOverRunTests(AzuriteFixture azurite, EtcdFixture etcd)
{
    private const string Tags = "dockerhub-tags";

    [Fact]
    public async Task RepositoryAnswering500_IsMissingOnTheFirstDay_AndCarriedOverFromThePreviousRunOnTheNext()
    {
        using var timeout = TestSites.Timeout(300);
        var ct = timeout.Token;
        // 3 repositories of 10 tags in pages of 5: two pages (units) each.
        var world = SyntheticHub.Build("library", repositories: 3, tagsPerRepository: 10);
        var (replay, settings) = await PipelineBed.DockerHubAsync(world, pageSize: 5);
        await using var _ = replay;
        string? failing = "repo00002";
        replay.Map("GET", p => failing is { } f && p.StartsWith($"/v2/namespaces/library/repositories/{f}/tags", StringComparison.Ordinal),
            _ => ReplayResponse.Json("{\"message\":\"replayed outage\"}", 500));
        await using var federation = new TestFederation(azurite, etcd);
        var site = await federation.StartAsync(PipelineBed.Site(federation, "site-a", Tags, replay, schedule: null, settings), ct);
        var starter = site.Services.GetRequiredService<ToolRunStarter>();
        var day1 = DateTimeOffset.UtcNow;
        var day2 = day1.AddDays(1);

        // Day 1, no previous run: repo00002's first page fails after its retries and is missing; the run keeps the rest.
        Assert.Equal(RunStartOutcome.Started, await starter.StartAsync(Tags, day1, ct));
        var first = await PipelineBed.WaitRunAsync(site, Tags, Period.Of(day1), ct);

        Assert.False(first.Complete);
        Assert.Null(first.Previous);
        Assert.Equal((1, 0), (first.Missing, first.CarriedOver));
        Assert.Equal(20, first.Records);
        var missing = Assert.Single(first.Failed!);
        Assert.StartsWith("tags:library/repo00002@", missing.Unit, StringComparison.Ordinal);
        Assert.Null(missing.CarriedFrom);
        Assert.Contains("500", missing.Reason, StringComparison.Ordinal);

        // Day 2: repo00002 answers again; repo00001 changed (new last_updated, so it is fetched) and now fails.
        failing = "repo00001";
        var oldUpdated = world.Find("library", "repo00001")!.LastUpdated;
        world.Find("library", "repo00001")!.LastUpdated = oldUpdated.AddHours(5);
        Assert.Equal(RunStartOutcome.Started, await starter.StartAsync(Tags, day2, ct));
        var second = await PipelineBed.WaitRunAsync(site, Tags, Period.Of(day2), ct);

        Assert.True(second.Complete);
        Assert.Equal(Period.Of(day1), second.Previous);
        Assert.Equal(world.TagCount, second.Records);
        Assert.Equal((1, 10L, 0), (second.CarriedOver, second.CarriedOverRecords, second.Missing));
        var carried = Assert.Single(second.Failed!);
        Assert.Equal(DockerHubTagsUnits.Unit(new RepositoryRef("library", "repo00001", oldUpdated.AddHours(5)), 1), carried.Unit);
        Assert.Equal((Period.Of(day1), 10), (carried.CarriedFrom, carried.Records));
        // The carried records are the previous run's (with the old last_updated); the rest is this run's.
        var kept = await site.Services.GetRequiredService<Mao.Federation.Rounds.ISnapshotLibrary>().LoadAsync(second.ContentId, ct);
        Assert.All(kept.Records.Where(r => r.Key.StartsWith("library/repo00001:", StringComparison.Ordinal)),
            r => Assert.Equal(TagRecords.Iso(oldUpdated), TagRecords.RepositoryUpdated(r)));
        Assert.Equal(10, kept.Records.Count(r => r.Key.StartsWith("library/repo00002:", StringComparison.Ordinal)));

        // The site API names the carried-over unit and counts it in the progress.
        using var api = new ApiClient(site.ApiAddress);
        var (_, status) = await api.GetAsync($"api/runs/{Tags}/{Period.Of(day2)}", ct);
        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        Assert.Equal(1, status.GetProperty("progress").GetProperty("carriedOver").GetInt32());
        var named = status.GetProperty("result").GetProperty("failed")[0];
        Assert.Equal((carried.Unit, Period.Of(day1)), (named.GetProperty("unit").GetString(), named.GetProperty("carriedFrom").GetString()));
    }
}
