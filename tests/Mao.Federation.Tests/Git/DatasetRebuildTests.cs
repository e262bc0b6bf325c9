using Mao.Core.Serialization;
using Mao.Federation.Git;
using Mao.Federation.Tests.Store;
using Mao.Testing;
using static Mao.Federation.Tests.Git.GitTestData;

namespace Mao.Federation.Tests.Git;

[Collection(AzuriteCollection.Name)]
public sealed class DatasetRebuildTests(AzuriteFixture azurite) : IDisposable
{
    private readonly TempFolder _root = new("mao-rebuild");
    private readonly CancellationToken _timeout = TestSnapshots.Timeout(60);

    [Fact]
    public async Task GitToStore_EmptyStore_EverySnapshotRestoredAndVerified()
    {
        using var repository = DatasetRepository.OpenOrInit(_root.Path, "dockerhub-arch");
        var snapshots = Enumerable.Range(0, 5).Select(d => TestSnapshots.Make(site: d % 2 == 0 ? "site-a" : "site-b", observedAt: Day0.AddDays(d), seed: d)).ToList();
        snapshots.ForEach(s => Commit(repository, s));
        CommitGroundTruth(repository, snapshots[0], Period(0), "r-0");
        var store = await AzuriteCollection.NewStoreAsync(azurite, _timeout);

        var (seen, stored) = await DatasetRebuild.GitToStoreAsync(repository, store, _timeout);

        Assert.Equal(6, seen);
        Assert.Equal(5, stored); // the ground truth is the same content as one site snapshot
        foreach (var snapshot in snapshots)
        {
            Assert.Equal(snapshot.Records, (await store.GetAsync(snapshot.ContentId, _timeout)).Records);
        }
        Assert.Equal(snapshots[4].ContentId, (await store.Index.LatestAsync("dockerhub-arch", "site-a", _timeout))!.ContentId);
    }

    [Fact]
    public async Task StoreToGit_EmptyRepository_SiteBranchesRebuiltInObservedOrder()
    {
        var store = await AzuriteCollection.NewStoreAsync(azurite, _timeout);
        foreach (var day in new[] { 2, 0, 1 })
        {
            await store.PutAsync(TestSnapshots.Make(observedAt: Day0.AddDays(day), seed: day), _timeout);
        }
        using var repository = DatasetRepository.OpenOrInit(_root.Path, "dockerhub-arch");

        var committed = await DatasetRebuild.StoreToGitAsync(store, repository, _timeout);
        var again = await DatasetRebuild.StoreToGitAsync(store, repository, _timeout);

        Assert.Equal(3, committed);
        Assert.Equal(0, again);
        var history = repository.History("sites/site-a");
        Assert.Equal([Day0, Day0.AddDays(1), Day0.AddDays(2)], history.Select(c => c.Trailers.ObservedAt));
        using var latest = repository.OpenSnapshot(history[^1]);
        Assert.Equal(history[^1].Trailers.SnapshotId, SnapshotJsonLines.Read(latest, "git").ContentId);
    }

    public void Dispose() => _root.Dispose();
}
