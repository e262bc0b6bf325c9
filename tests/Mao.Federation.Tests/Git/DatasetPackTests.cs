using Mao.Core.Serialization;
using Mao.Federation.Git;
using Mao.Testing;
using static Mao.Federation.Tests.Git.GitTestData;

namespace Mao.Federation.Tests.Git;

/// <summary>Packing a dataset's loose objects with libgit2's pack builder, checked by real git.</summary>
public sealed class DatasetPackTests : IDisposable
{
    private const int Days = 12;
    private readonly TempFolder _root = new("mao-datasets");

    [Fact]
    public void Pack_AfterManyCommits_ObjectsPackedLooseGone_EverySnapshotReadsTheSame()
    {
        using var repository = DatasetRepository.OpenOrInit(_root.Path, "dockerhub-arch");
        var snapshots = Enumerable.Range(0, Days).Select(d => TestSnapshots.Make(observedAt: Day0.AddDays(d), records: 40, seed: d)).ToList();
        snapshots.ForEach(s => Commit(repository, s));
        CommitGroundTruth(repository, snapshots[0], Period(0), "round-0");
        var looseBefore = repository.LooseObjects().Count;

        var outcome = repository.Pack();

        Assert.True(looseBefore >= Days * 3, $"{looseBefore} loose objects"); // blob, tree and commit per snapshot
        Assert.Equal((looseBefore, looseBefore, looseBefore), (outcome.LooseBefore, outcome.Packed, outcome.LooseRemoved));
        Assert.Empty(repository.LooseObjects());
        var pack = Assert.Single(repository.Packs());
        Assert.Equal(outcome.Pack, Path.GetFileName(Path.ChangeExtension(pack, ".pack")));
        AssertEverySnapshotReads(repository, snapshots);
        GitRepositories.Git(repository.Path, "fsck", "--strict", "--no-dangling"); // real git agrees the repository is whole
        Assert.Equal(looseBefore.ToString(System.Globalization.CultureInfo.InvariantCulture),
            CountLine(GitRepositories.Git(repository.Path, "count-objects", "-v"), "in-pack"));
        using var reopened = DatasetRepository.OpenOrInit(_root.Path, "dockerhub-arch");
        AssertEverySnapshotReads(reopened, snapshots);
    }

    [Fact]
    public void Pack_Again_NothingLoose_NothingDone_ThenNewCommitsGoToASecondPack()
    {
        using var repository = DatasetRepository.OpenOrInit(_root.Path, "dockerhub-arch");
        var first = TestSnapshots.Make(observedAt: Day0, seed: 1);
        Commit(repository, first);
        repository.Pack();

        var again = repository.Pack();
        var second = TestSnapshots.Make(observedAt: Day0.AddDays(1), seed: 2);
        Commit(repository, second); // written loose by libgit2 while the old objects are packed
        var later = repository.Pack();

        Assert.Equal((0, 0, 0, (string?)null), (again.LooseBefore, again.Packed, again.LooseRemoved, again.Pack));
        Assert.Equal(4, later.Packed); // the new part, the snapshot folder, the root tree and the commit only
        Assert.Equal(2, repository.Packs().Count);
        Assert.Empty(repository.LooseObjects());
        AssertEverySnapshotReads(repository, [first, second]);
        GitRepositories.Git(repository.Path, "fsck", "--strict", "--no-dangling");
    }

    [Fact]
    public void Pack_EmptyRepository_NothingToDo()
    {
        using var repository = DatasetRepository.OpenOrInit(_root.Path, "dockerhub-arch");

        var outcome = repository.Pack();

        Assert.Equal((0, 0, (string?)null), (outcome.LooseBefore, outcome.LooseRemoved, outcome.Pack));
        Assert.Empty(repository.Packs());
    }

    private static void AssertEverySnapshotReads(DatasetRepository repository, IReadOnlyList<Mao.Core.Model.Snapshot> snapshots)
    {
        var history = repository.History("sites/site-a");
        Assert.Equal(snapshots.Select(s => s.ContentId), history.Select(c => c.Trailers.SnapshotId));
        foreach (var commit in history)
        {
            using var content = repository.OpenSnapshot(commit);
            Assert.Equal(commit.Trailers.SnapshotId, SnapshotJsonLines.Read(content, commit.Sha).ContentId); // same bytes, same content id
        }
    }

    private static string CountLine(string countObjects, string key) =>
        countObjects.Split('\n').Single(l => l.StartsWith(key + ":", StringComparison.Ordinal))[(key.Length + 1)..].Trim();

    public void Dispose() => _root.Dispose();
}
