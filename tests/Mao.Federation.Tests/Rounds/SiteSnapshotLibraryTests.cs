using Mao.Federation.Registry.Documents;
using Mao.Federation.Tests.Registry;
using Mao.Testing;

namespace Mao.Federation.Tests.Rounds;

[Collection(RoundsCollection.Name)]
public sealed class SiteSnapshotLibraryTests(AzuriteFixture azurite, EtcdFixture etcd)
{
    private static readonly DateTimeOffset Day1 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly CancellationToken _timeout = TestSnapshots.Timeout(90);

    [Fact]
    public async Task Keep_PointerNamesApiAndPushedCommit_AndKeepingAgainChangesNothing()
    {
        using var remotes = new TempFolder("mao-remotes");
        var remoteRoot = remotes.Combine("site-a"); // does not exist yet: created on first push
        await using var a = await RoundSite.StartAsync("site-a", TestSite.NewRoot(), azurite, etcd, _timeout, gitRemote: remoteRoot);
        var snapshot = a.Snapshot(Day1.AddHours(6));

        var first = await a.Library.KeepAsync(snapshot, _timeout);
        var second = await a.Library.KeepAsync(snapshot, _timeout);

        var remote = $"{remoteRoot}/dockerhub-arch.git";
        Assert.Equal(snapshot.ContentId, first.ContentId);
        Assert.Equal("2026-11-01", first.Period);
        Assert.Equal("site-a", first.Site);
        Assert.Equal(new SnapshotLocation(LocationKind.Http, new Uri(a.Server.BaseUrl, $"api/snapshots/{snapshot.ContentId}").ToString()), first.Locations[0]);
        var git = first.Locations[1];
        Assert.Equal((LocationKind.Git, remote), (git.Kind, git.Address));
        Assert.Equal(git.Commit, GitRepositories.Git(remote, "rev-parse", "sites/site-a").Trim());
        Assert.Equal("1", GitRepositories.Git(remote, "rev-list", "--count", "sites/site-a").Trim());
        Same(first, second);
        Assert.Single(await a.Store.Index.BetweenAsync("dockerhub-arch", DateTimeOffset.MinValue, DateTimeOffset.MaxValue, _timeout));
        var dataset = Assert.Single(await a.Registry.DatasetsAsync("dockerhub-arch", _timeout));
        Assert.Equal((remote, "sites/site-a"), (dataset.GitRemote, dataset.Branch));
    }

    [Fact]
    public async Task Keep_RemoteRefusesPush_KeptWithHttpLocationOnly_GitFollowsWithTheNextPush()
    {
        using var remotes = new GitRepositories();
        var remote = remotes.CreateBare("dockerhub-arch");
        GitRepositories.Git(remote, "config", "http.receivepack", "true");
        GitRepositories.RefusePushes(remote); // a hosted remote (smart HTTP) runs its hooks; a path remote would not
        using var server = new GitHttpServer(remotes.Root);
        await using var a = await RoundSite.StartAsync("site-a", TestSite.NewRoot(), azurite, etcd, _timeout, gitRemote: $"http://127.0.0.1:{server.Port}");
        var refusedSnapshot = a.Snapshot(Day1);

        var refused = await a.Library.KeepAsync(refusedSnapshot, _timeout);
        var datasetsWhileRefused = await a.Registry.DatasetsAsync("dockerhub-arch", _timeout);
        File.Delete(Path.Combine(remote, "hooks", "pre-receive"));
        var next = await a.Library.KeepAsync(a.Snapshot(Day1.AddDays(1), seed: 2), _timeout);

        Assert.Equal(LocationKind.Http, Assert.Single(refused.Locations).Kind);
        Assert.Equal(refusedSnapshot.ContentId, (await a.Library.LoadAsync(refused.ContentId, _timeout)).ContentId);
        Assert.Empty(datasetsWhileRefused);
        Assert.Equal(LocationKind.Git, next.Locations[1].Kind);
        var found = await a.Library.FindAsync(refused.ContentId, _timeout);
        Assert.Equal(GitRepositories.Git(remote, "rev-parse", "sites/site-a~1").Trim(), found!.Locations[1].Commit);
        Assert.Single(await a.Registry.DatasetsAsync("dockerhub-arch", _timeout));
    }

    [Fact]
    public async Task FindNewestComparable_OwnSnapshotsOnly_ByPeriodAndMajorVersion()
    {
        using var remotes = new TempFolder("mao-remotes");
        await using var a = await RoundSite.StartAsync("site-a", TestSite.NewRoot(), azurite, etcd, _timeout, gitRemote: remotes.Path);
        var early = await a.Library.KeepAsync(a.Snapshot(Day1.AddHours(1), "1.2.0", seed: 1), _timeout);
        var late = await a.Library.KeepAsync(a.Snapshot(Day1.AddHours(9), "1.3.1", seed: 2), _timeout);
        var nextDay = await a.Library.KeepAsync(a.Snapshot(Day1.AddDays(1), "2.0.0", seed: 3), _timeout);
        // A peer's snapshot in this site's store (fetched in an earlier round) is not this site's own.
        var peers = await a.Store.PutAsync(TestSnapshots.Make(site: "site-b", observedAt: Day1.AddHours(12)), _timeout);

        Same(late, await a.Library.ComparableAsync("dockerhub-arch", "2026-11-01", "1.0.0", _timeout));
        Assert.Null(await a.Library.ComparableAsync("dockerhub-arch", "2026-11-01", "2.0.0", _timeout));
        Assert.Null(await a.Library.ComparableAsync("dockerhub-arch", "2026-11-03", "1.0.0", _timeout));
        Same(nextDay, await a.Library.ComparableAsync("dockerhub-arch", "2026-11-02", "2", _timeout));
        Same(nextDay, await a.Library.NewestAsync("dockerhub-arch", _timeout));
        Assert.Null(await a.Library.NewestAsync("other-tool", _timeout));
        // Kept earlier, found later: the git commit comes back from the pushed branch's Snapshot-Id trailers.
        Same(early, await a.Library.FindAsync(early.ContentId, _timeout));
        Assert.Equal(2, early.Locations.Count);
        Assert.Null(await a.Library.FindAsync(peers.Entry.ContentId, _timeout));
        Assert.Null(await a.Library.FindAsync(new string('0', 64), _timeout));
        Assert.Null(await a.Library.FindAsync("../etc/passwd", _timeout));
    }

    [Fact]
    public async Task Keep_AnotherSitesSnapshot_Refused()
    {
        await using var a = await RoundSite.StartAsync("site-a", TestSite.NewRoot(), azurite, etcd, _timeout);

        var error = await Assert.ThrowsAsync<Core.MaoFormatException>(() => a.Library.KeepAsync(TestSnapshots.Make(site: "site-b"), _timeout));

        Assert.Contains("observed by 'site-b'", error.Message, StringComparison.Ordinal);
    }

    private static void Same(SnapshotPointer expected, SnapshotPointer? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected with { Locations = [] }, actual with { Locations = [] });
        Assert.Equal(expected.Locations, actual.Locations);
    }
}
