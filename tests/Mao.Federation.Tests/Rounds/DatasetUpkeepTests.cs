using Mao.Federation.Git;
using Mao.Federation.Registry.Documents;
using Mao.Federation.Rounds;
using Mao.Federation.Tests.Registry;
using Mao.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mao.Federation.Tests.Rounds;

/// <summary>The dataset upkeep jobs with real Azurite, etcd and git: pushing what a refused push left behind, and packing under a live library.</summary>
[Collection(RoundsCollection.Name)]
public sealed class DatasetUpkeepTests(AzuriteFixture azurite, EtcdFixture etcd)
{
    private const string Tool = "dockerhub-arch";
    private static readonly DateTimeOffset Day1 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly CancellationToken _timeout = TestSnapshots.Timeout(120);

    [Fact]
    public async Task PushPending_RemoteRefusedThenAccepts_MissedSnapshotsAndGroundTruthLand_Once()
    {
        using var remotes = new GitRepositories();
        var remote = remotes.CreateBare(Tool);
        GitRepositories.Git(remote, "config", "http.receivepack", "true");
        GitRepositories.RefusePushes(remote); // smart HTTP runs the hook, as a hosted remote would
        using var server = new GitHttpServer(remotes.Root);
        await using var a = await RoundSite.StartAsync("site-a", TestSite.NewRoot(), azurite, etcd, _timeout, gitRemote: $"http://127.0.0.1:{server.Port}");
        var upkeep = new DatasetUpkeep(a.Settings, NullLogger<DatasetUpkeep>.Instance);
        var snapshots = new[] { a.Snapshot(Day1, seed: 1), a.Snapshot(Day1.AddDays(1), seed: 2) };
        var kept = new List<SnapshotPointer>();
        foreach (var snapshot in snapshots)
        {
            kept.Add(await a.Library.KeepAsync(snapshot, _timeout));
        }
        var truth = TestSnapshots.Make(Tool, "ground-truth", Day1.AddHours(3), records: 12, seed: 7);
        var sink = new FederatedGroundTruthSink(a.Registry, a.Store, a.Settings, new SiteEndpoint(a.Settings));
        var pointer = await sink.StageAsync(Tool, "round-1", truth, _timeout);
        Assert.True((await a.Registry.ClaimRoundAsync(Tool, pointer.Period, "round-1", DateTimeOffset.UtcNow, _timeout)).Won); // as the round's start did
        var published = await sink.PublishAsync(new VerifiedResult(Tool, pointer.Period, "round-1", a.Site, 1, pointer, [a.Site], [], [], [], [], Day1.AddDays(2)), _timeout);

        var whileRefused = await upkeep.PushPendingAsync(_timeout);
        File.Delete(Path.Combine(remote, "hooks", "pre-receive"));
        var pushed = await upkeep.PushPendingAsync(_timeout);
        var again = await upkeep.PushPendingAsync(_timeout);

        // While refused: nothing in git anywhere but locally; the blob copies are the truth.
        Assert.All(kept, p => Assert.Equal(LocationKind.Http, Assert.Single(p.Locations).Kind));
        Assert.DoesNotContain(published.Standing.Snapshot.Locations, l => l.Kind == LocationKind.Git);
        Assert.Empty(whileRefused);
        // Then the job pushes both branches (and the round's tag) once; a second run finds nothing pending.
        Assert.Equal([$"{Tool}:sites/site-a", $"{Tool}:ground-truth"], pushed);
        Assert.Empty(again);
        Assert.Equal(snapshots.Select(s => s.ContentId), RemoteSnapshotIds(remote, "sites/site-a"));
        Assert.Equal([truth.ContentId], RemoteSnapshotIds(remote, "ground-truth"));
        Assert.Equal(GitRepositories.Git(remote, "rev-parse", "ground-truth").Trim(), GitRepositories.Git(remote, "rev-parse", "verified/round-1^{commit}").Trim());
        var found = await a.Library.FindAsync(snapshots[0].ContentId, _timeout);
        Assert.Equal(GitRepositories.Git(remote, "rev-parse", "sites/site-a~1").Trim(), found!.Locations.Single(l => l.Kind == LocationKind.Git).Commit);
        foreach (var snapshot in snapshots.Append(truth))
        {
            Assert.Equal(snapshot.ContentId, (await a.Store.GetAsync(snapshot.ContentId, _timeout)).ContentId);
        }
    }

    [Fact]
    public async Task PackAll_WhileTheLibraryHoldsItsRepository_LooseObjectsPacked_KeepAndFindStillWork()
    {
        using var remotes = new TempFolder("mao-remotes");
        await using var a = await RoundSite.StartAsync("site-a", TestSite.NewRoot(), azurite, etcd, _timeout, gitRemote: remotes.Path);
        var upkeep = new DatasetUpkeep(a.Settings, NullLogger<DatasetUpkeep>.Instance);
        var first = await a.Library.KeepAsync(a.Snapshot(Day1, seed: 1), _timeout);
        await a.Library.KeepAsync(a.Snapshot(Day1.AddDays(1), seed: 2), _timeout);

        var packed = Assert.Single(await upkeep.PackAllAsync(_timeout));
        var third = await a.Library.KeepAsync(a.Snapshot(Day1.AddDays(2), seed: 3), _timeout); // the library's open repository, after packing
        var found = await a.Library.FindAsync(first.ContentId, _timeout);

        Assert.Equal(Tool, packed.Tool);
        Assert.Equal(8, packed.LooseRemoved); // two snapshots: part, snapshot folder, root tree and commit each
        using (var local = DatasetRepository.OpenOrInit(Path.Combine(a.Settings.DataDirectory, "datasets"), Tool))
        {
            Assert.Equal(4, local.LooseObjects().Count); // only the third snapshot's
            GitRepositories.Git(local.Path, "fsck", "--strict", "--no-dangling");
        }
        Assert.Equal(first.Locations[1], found!.Locations[1]);
        Assert.Equal(3, RemoteSnapshotIds(a.RemoteOf(Tool)!, "sites/site-a").Count);
        Assert.Equal(LocationKind.Git, third.Locations[1].Kind);
    }

    private static List<string> RemoteSnapshotIds(string remote, string branch) =>
        GitRepositories.Git(remote, "log", "--reverse", "--format=%(trailers:key=Snapshot-Id,valueonly)", branch)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}
