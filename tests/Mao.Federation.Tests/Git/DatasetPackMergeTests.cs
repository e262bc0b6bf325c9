using System.Globalization;
using Mao.Core.Serialization;
using Mao.Federation.Git;
using Mao.Testing;
using static Mao.Federation.Tests.Git.GitTestData;

namespace Mao.Federation.Tests.Git;

/// <summary>
/// Each packing adds a pack; beyond the limit they are merged into one. Checked on real repositories with many runs
/// (commit, pack), by reading every snapshot back, by real git (fsck, count-objects) and while another repository
/// object in the process keeps reading the packs being replaced.
/// </summary>
public sealed class DatasetPackMergeTests : IDisposable
{
    private const int MaxPacks = 3;
    private static readonly SnapshotParts Small = new(1024, 2048, 8192);
    private readonly TempFolder _root = new("mao-pack-merge");

    [Fact]
    public void Pack_ManyRuns_PackCountStaysWithinTheLimit_EverySnapshotReads_GitFsckClean()
    {
        using var repository = DatasetRepository.OpenOrInit(_root.Path, "dockerhub-arch", Small);
        var snapshots = new List<Mao.Core.Model.Snapshot>();
        var merges = 0;
        for (var day = 0; day < 11; day++)
        {
            snapshots.Add(TestSnapshots.Make(observedAt: Day0.AddDays(day), records: 150 + day, seed: day));
            Commit(repository, snapshots[^1]);
            if (day % 4 == 0)
            {
                CommitGroundTruth(repository, TestSnapshots.Make(site: "ground-truth", observedAt: Day0.AddDays(day), records: 100, seed: day), Period(day), $"round-{day}");
            }
            var packsBefore = repository.Packs().Count;
            var bytesBefore = ObjectBytes(repository);

            var outcome = repository.Pack(MaxPacks);

            Assert.True(repository.Packs().Count <= MaxPacks, $"day {day}: {repository.Packs().Count} packs");
            if (outcome.PacksMerged > 0)
            {
                merges++;
                Assert.Equal(packsBefore + 1, outcome.PacksMerged); // every pack, the one just written included
                Assert.Equal(outcome.MergedInto, Path.GetFileName(Path.ChangeExtension(Assert.Single(repository.Packs()), ".pack")));
                Assert.True(ObjectBytes(repository) < bytesBefore, $"{bytesBefore} -> {ObjectBytes(repository)} bytes");
                // Parts stored as deltas against another day's (verify-pack lists a delta's base as a 7th column).
                var deltas = GitRepositories.Git(repository.Path, "verify-pack", "-v", repository.Packs()[0]).Split('\n')
                    .Count(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [_, "blob", _, _, _, _, _]);
                Assert.True(deltas > 0, "no blob of the merged pack is a delta");
            }
            Assert.Empty(repository.LooseObjects());
        }

        Assert.True(merges >= 2, $"{merges} merges in 11 runs");
        AssertEverySnapshotReads(repository, snapshots);
        GitRepositories.Git(repository.Path, "fsck", "--strict", "--no-dangling", "--no-progress");
        var distinct = GitRepositories.Git(repository.Path, "cat-file", "--batch-check", "--batch-all-objects").Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        var counts = GitRepositories.Git(repository.Path, "count-objects", "-v");
        Assert.Equal("0", CountLine(counts, "count")); // nothing loose
        Assert.Equal(distinct.ToString(CultureInfo.InvariantCulture), CountLine(counts, "in-pack")); // each object in one pack: the old packs are gone
        Assert.Equal(repository.Packs().Count.ToString(CultureInfo.InvariantCulture), CountLine(counts, "packs"));
    }

    [Fact]
    public void Merge_WhileAnotherRepositoryObjectReadsThePacks_ItReadsOnAndFindsTheMergedPack()
    {
        using var writer = DatasetRepository.OpenOrInit(_root.Path, "dockerhub-arch", Small);
        var snapshots = new List<Mao.Core.Model.Snapshot>();
        for (var day = 0; day < MaxPacks; day++)
        {
            snapshots.Add(TestSnapshots.Make(observedAt: Day0.AddDays(day), records: 150, seed: day));
            Commit(writer, snapshots[^1]);
            writer.Pack(MaxPacks);
        }
        using var reading = DatasetRepository.OpenOrInit(_root.Path, "dockerhub-arch", Small); // has read the old packs
        AssertEverySnapshotReads(reading, snapshots);
        using var listing = DatasetRepository.OpenOrInit(_root.Path, "dockerhub-arch", Small); // knows the commits, has read no part
        var listed = listing.History("sites/site-a");
        var oldPacks = writer.Packs();

        snapshots.Add(TestSnapshots.Make(observedAt: Day0.AddDays(MaxPacks), records: 150, seed: MaxPacks));
        Commit(writer, snapshots[^1]);
        var outcome = writer.Pack(MaxPacks);

        Assert.Equal(MaxPacks + 1, outcome.PacksMerged);
        Assert.All(oldPacks, p => Assert.False(File.Exists(p), $"{p} still there"));
        AssertEverySnapshotReads(reading, snapshots);
        Assert.Equal(snapshots.Take(MaxPacks).Select(s => s.ContentId), listed.Select(c => ContentOf(listing, c)));
        AssertEverySnapshotReads(listing, snapshots);
        GitRepositories.Git(writer.Path, "fsck", "--strict", "--no-dangling", "--no-progress");
    }

    [Fact]
    public void Pack_AtTheLimit_NoMerge_AKeptPackIsNeverMerged()
    {
        using var repository = DatasetRepository.OpenOrInit(_root.Path, "dockerhub-arch", Small);
        for (var day = 0; day < MaxPacks; day++)
        {
            Commit(repository, TestSnapshots.Make(observedAt: Day0.AddDays(day), seed: day));
            Assert.Equal(0, repository.Pack(MaxPacks).PacksMerged);
        }
        var kept = repository.Packs()[0];
        File.WriteAllText(Path.ChangeExtension(kept, ".keep"), "kept by the operator");

        Commit(repository, TestSnapshots.Make(observedAt: Day0.AddDays(MaxPacks), seed: MaxPacks));
        var outcome = repository.Pack(MaxPacks);

        Assert.Equal(0, outcome.PacksMerged); // four packs, one kept: three to count, not more than the limit
        Commit(repository, TestSnapshots.Make(observedAt: Day0.AddDays(MaxPacks + 1), seed: MaxPacks + 1));
        Assert.Equal(MaxPacks + 1, repository.Pack(MaxPacks).PacksMerged);
        Assert.True(File.Exists(kept));
        Assert.Equal(2, repository.Packs().Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => repository.Pack(0));
    }

    private static string ContentOf(DatasetRepository repository, DatasetCommit commit)
    {
        using var content = repository.OpenSnapshot(commit);
        return SnapshotJsonLines.Read(content, commit.Sha).ContentId;
    }

    private static void AssertEverySnapshotReads(DatasetRepository repository, IReadOnlyList<Mao.Core.Model.Snapshot> snapshots)
    {
        var history = repository.History("sites/site-a");
        Assert.Equal(snapshots.Select(s => s.ContentId), history.Select(c => c.Trailers.SnapshotId));
        Assert.Equal(snapshots.Select(s => s.ContentId), history.Select(c => ContentOf(repository, c)));
    }

    private static long ObjectBytes(DatasetRepository repository) =>
        new DirectoryInfo(Path.Combine(repository.Path, "objects")).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);

    private static string CountLine(string countObjects, string key) =>
        countObjects.Split('\n').Single(l => l.StartsWith(key + ":", StringComparison.Ordinal))[(key.Length + 1)..].Trim();

    public void Dispose() => _root.Dispose();
}
