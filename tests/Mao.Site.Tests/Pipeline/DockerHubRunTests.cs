using Mao.Orchestrations.ToolRuns;
using Mao.Site.Tests.Support;
using Mao.Testing;
using Mao.Testing.Replay;
using Mao.Tools.DockerHub;
using Microsoft.Extensions.DependencyInjection;

namespace Mao.Site.Tests.Pipeline;

/// <summary>dockerhub-tags as a scheduled run: a unit per repository tag page, registry documents fetched once ever per site.</summary>
[Collection(FederationCollection.Name)]
public sealed class DockerHubRunTests(AzuriteFixture azurite, EtcdFixture etcd)
{
    private const string Tags = "dockerhub-tags";
    private static readonly string[] Sites = ["site-a", "site-b"];

    [Fact]
    public async Task TwoSitesRunDockerHubTags_RoundPublishes_NextPeriodGetsNoCachedDigestAgain()
    {
        using var timeout = TestSites.Timeout(240);
        var ct = timeout.Token;
        // 4 repositories of 12 tags in pages of 5: three pages each, so units name follow-up pages; every 2nd tag lists
        // no images and is read from the registry (recorded index documents, several tags sharing a digest).
        var world = SyntheticHub.Build("library", repositories: 4, tagsPerRepository: 12, registryEvery: 2);
        var (replay, settings) = await PipelineBed.DockerHubAsync(world, pageSize: 5);
        await using var _ = replay;
        await using var federation = new TestFederation(azurite, etcd);
        foreach (var site in Sites)
        {
            await federation.StartAsync(PipelineBed.Site(federation, site, Tags, replay, schedule: "*/3 * * * * *", settings), ct);
        }
        var period = PipelineBed.Today;

        var runs = await Task.WhenAll(Sites.Select(s => PipelineBed.WaitRunAsync(federation[s], Tags, period, ct)));

        Assert.All(runs, run => Assert.Equal(world.TagCount, run.Records));
        Assert.All(runs, run => Assert.Equal(4 * 3, run.Units)); // page 1 planned, pages 2 and 3 named by the page before
        var round = await federation.WaitRoundAsync(runs.Single(r => r.RoundOutcome == "started") == runs[0] ? "site-a" : "site-b", Tags, period, ct);
        Assert.True(round.Published);
        Assert.Equal(Sites, round.Verified.Support.Concat(round.Verified.Accepted).Order(StringComparer.Ordinal));
        // Every tag once, with its repository's last_updated (carried in the unit name, not listed again by the unit).
        var kept = await federation["site-a"].Services.GetRequiredService<Mao.Federation.Rounds.ISnapshotLibrary>().LoadAsync(runs[0].ContentId, ct);
        var expected = world.Namespaces["library"].SelectMany(r => r.Tags.Select(t => ($"{r.FullName}:{t.Name}", (string?)TagRecords.Iso(r.LastUpdated))));
        Assert.Equal(expected.Order(), kept.Records.Select(r => (r.Key, TagRecords.RepositoryUpdated(r))).Order());
        Assert.Contains(kept.Records, r => TagRecords.Source(r) == TagRecords.FromRegistryIndex && TagRecords.Platforms(r).Count > 0);
        var documentGets = DocumentGets(replay);
        var heads = replay.Count("HEAD", p => p.Contains("/manifests/", StringComparison.Ordinal));
        Assert.True(documentGets > 0, "the first run read no registry documents: the registry path was not exercised");

        // The next period, every repository pushed to (a new last_updated, so its pages are read again rather than reused):
        // tags are HEADed again (free), but every digest is in each site's cache under its data folder.
        foreach (var repo in world.Namespaces["library"])
        {
            repo.LastUpdated = repo.LastUpdated.AddDays(1);
        }
        var tomorrow = DateTimeOffset.UtcNow.AddDays(1);
        foreach (var site in Sites)
        {
            Assert.Equal(RunStartOutcome.Started, await federation[site].Services.GetRequiredService<ToolRunStarter>().StartAsync(Tags, tomorrow, ct));
        }
        var next = await Task.WhenAll(Sites.Select(s => PipelineBed.WaitRunAsync(federation[s], Tags, Mao.Core.Model.Period.Of(tomorrow), ct)));

        Assert.All(next, run => Assert.Equal((world.TagCount, 0), (run.Records, run.Reused)));
        Assert.True(replay.Count("HEAD", p => p.Contains("/manifests/", StringComparison.Ordinal)) > heads, "the second run did not ask the registry at all");
        Assert.Equal(documentGets, DocumentGets(replay));
        foreach (var site in Sites)
        {
            Assert.NotEmpty(Directory.EnumerateFiles(Path.Combine(federation[site].Options.Federation.DataDirectory, "registry-manifests"), "*", SearchOption.AllDirectories));
        }
    }

    private static int DocumentGets(ReplayServer replay) =>
        replay.Count("GET", p => p.Contains("/manifests/", StringComparison.Ordinal) || p.Contains("/blobs/", StringComparison.Ordinal));
}
