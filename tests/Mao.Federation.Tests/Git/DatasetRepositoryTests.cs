using Mao.Core;
using Mao.Core.Serialization;
using Mao.Federation.Git;
using Mao.Testing;
using static Mao.Federation.Tests.Git.GitTestData;

namespace Mao.Federation.Tests.Git;

public sealed class DatasetRepositoryTests : IDisposable
{
    private readonly TempFolder _root = new("mao-datasets");

    [Fact]
    public void CommitSnapshot_OnSiteBranch_CarriesTrailersAndCanonicalBytes()
    {
        using var repository = DatasetRepository.OpenOrInit(_root.Path, "dockerhub-arch");
        var snapshot = TestSnapshots.Make(observedAt: Day0);

        Commit(repository, snapshot);

        var commit = Assert.Single(repository.History("sites/site-a"));
        Assert.Equal(snapshot.ContentId, commit.Trailers.SnapshotId);
        Assert.Equal("1.0.0", commit.Trailers.ToolVersion);
        Assert.Equal("site-a", commit.Trailers.Site);
        Assert.Equal(Day0, commit.Trailers.ObservedAt);
        using var content = repository.OpenSnapshot(commit);
        Assert.Equal(snapshot.ContentId, SnapshotJsonLines.Read(content, "git").ContentId);
        var log = GitRepositories.Git(repository.Path, "log", "-1", "--format=%(trailers:key=Snapshot-Id,valueonly)", "sites/site-a");
        Assert.Equal(snapshot.ContentId, log.Trim()); // real git reads the same trailers
    }

    [Fact]
    public void CommitSnapshot_SameSnapshotAgain_NoSecondCommit()
    {
        using var repository = DatasetRepository.OpenOrInit(_root.Path, "dockerhub-arch");
        var snapshot = TestSnapshots.Make();

        var first = Commit(repository, snapshot);
        var second = Commit(repository, snapshot);

        Assert.Equal(first, second);
        Assert.Single(repository.History("sites/site-a"));
    }

    [Fact]
    public void CommitGroundTruth_TwoPeriods_OneFolderEachAndATagPerRound()
    {
        using var repository = DatasetRepository.OpenOrInit(_root.Path, "dockerhub-arch");

        CommitGroundTruth(repository, TestSnapshots.Make(site: "ground-truth", seed: 1), Period(0), "r-1");
        var second = CommitGroundTruth(repository, TestSnapshots.Make(site: "ground-truth", seed: 2), Period(1), "r-2");

        var files = GitRepositories.Git(repository.Path, "ls-tree", "-r", "--name-only", DatasetRepository.GroundTruthBranch).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal([$"periods/{Period(0)}/part-00000.jsonl", $"periods/{Period(1)}/part-00000.jsonl"], files);
        Assert.Equal(second, GitRepositories.Git(repository.Path, "rev-list", "-n", "1", "verified/r-2").Trim());
        Assert.Equal(["r-1", "r-2"], repository.History(DatasetRepository.GroundTruthBranch).Select(c => c.Trailers.Round));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("a/b")]
    [InlineData("x\ny")]
    public void OpenOrInit_ToolNameWithPathTricks_Refused(string tool)
    {
        var error = Assert.Throws<MaoFormatException>(() => DatasetRepository.OpenOrInit(_root.Path, tool));
        Assert.Contains("tool name", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_root.Path));
    }

    [Fact]
    public void SnapshotTrailers_MalformedId_ClearError()
    {
        var error = Assert.Throws<MaoFormatException>(() => SnapshotTrailers.Parse("x\n\nSnapshot-Id: 123\nSite: a\n", "commit abc"));
        Assert.Contains("commit abc", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _root.Dispose();
}
