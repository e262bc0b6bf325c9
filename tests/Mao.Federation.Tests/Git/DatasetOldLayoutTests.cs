using LibGit2Sharp;
using Mao.Core.Serialization;
using Mao.Federation.Git;
using Mao.Testing;
using static Mao.Federation.Tests.Git.GitTestData;

namespace Mao.Federation.Tests.Git;

/// <summary>
/// Repositories written before parts hold a snapshot as one file (snapshot.jsonl, periods/&lt;period&gt;.jsonl): they
/// stay readable, and the next commit replaces the file by the folder of parts, so a branch never holds both.
/// </summary>
public sealed class DatasetOldLayoutTests : IDisposable
{
    private static readonly SnapshotParts Small = new(1024, 2048, 8192);
    private readonly TempFolder _root = new("mao-old-layout");

    [Fact]
    public void OldSingleFileCommits_ReadAsBefore_NextCommitWritesParts_BothRead_GitAgrees()
    {
        var old = TestSnapshots.Make(observedAt: Day0, records: 300, seed: 1);
        var oldTruth = TestSnapshots.Make(site: "ground-truth", observedAt: Day0, records: 200, seed: 3);
        WriteOldLayout(old, oldTruth);
        using var repository = DatasetRepository.OpenOrInit(_root.Path, "dockerhub-arch", Small);
        var next = TestSnapshots.Make(observedAt: Day0.AddDays(1), records: 300, seed: 2);

        var before = Assert.Single(repository.History("sites/site-a"));
        var truth = Assert.Single(repository.History(DatasetRepository.GroundTruthBranch));
        Commit(repository, next);
        CommitGroundTruth(repository, TestSnapshots.Make(site: "ground-truth", observedAt: Day0.AddDays(1), records: 200, seed: 4), Period(1), "r-1");
        var history = repository.History("sites/site-a");

        Assert.Equal((DatasetRepository.SiteSnapshotFile, old.ContentId), (before.Path, ContentOf(repository, before)));
        Assert.Equal(($"periods/{Period(0)}.jsonl", oldTruth.ContentId), (truth.Path, ContentOf(repository, truth)));
        Assert.Equal([DatasetRepository.SiteSnapshotFile, DatasetRepository.SiteSnapshotFolder], history.Select(c => c.Path));
        Assert.Equal([old.ContentId, next.ContentId], history.Select(c => ContentOf(repository, c)));
        var files = GitRepositories.Git(repository.Path, "ls-tree", "-r", "--name-only", "sites/site-a").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(files.Length > 3 && files.All(f => f.StartsWith("snapshot/part-", StringComparison.Ordinal)), string.Join(", ", files));
        var periods = GitRepositories.Git(repository.Path, "ls-tree", "--name-only", $"{DatasetRepository.GroundTruthBranch}:periods").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal([$"{Period(0)}.jsonl", Period(1)], periods); // an old period stays as it was written
        Assert.Equal(2, repository.History(DatasetRepository.GroundTruthBranch).Count(c => ContentOf(repository, c) == c.Trailers.SnapshotId));
        GitRepositories.Git(repository.Path, "fsck", "--strict", "--no-dangling", "--no-progress");
    }

    /// <summary>What a site wrote before parts: one blob per snapshot, committed as the code then did.</summary>
    private void WriteOldLayout(Mao.Core.Model.Snapshot snapshot, Mao.Core.Model.Snapshot truth)
    {
        var path = Path.Combine(_root.Path, "dockerhub-arch.git");
        Repository.Init(path, isBare: true);
        using var git = new Repository(path);
        void Write(string branch, string file, Mao.Core.Model.Snapshot s, SnapshotTrailers trailers)
        {
            var tree = new TreeDefinition();
            tree.Add(file, git.ObjectDatabase.CreateBlob(new MemoryStream(SnapshotJsonLines.ToBytes(s))), Mode.NonExecutableFile);
            var who = new Signature("MAO site site-a", "site-a@sites.mao.invalid", s.Header.ObservedAt);
            var commit = git.ObjectDatabase.CreateCommit(who, who, trailers.Format("snapshot"), git.ObjectDatabase.CreateTree(tree), [], prettifyMessage: false);
            git.Refs.Add("refs/heads/" + branch, commit.Id);
        }
        Write("sites/site-a", "snapshot.jsonl", snapshot, new SnapshotTrailers(snapshot.ContentId, "1.0.0", "site-a", snapshot.Header.ObservedAt));
        Write(DatasetRepository.GroundTruthBranch, $"periods/{Period(0)}.jsonl", truth,
            new SnapshotTrailers(truth.ContentId, "1.0.0", "site-a", truth.Header.ObservedAt, Period(0), "r-0"));
    }

    private static string ContentOf(DatasetRepository repository, DatasetCommit commit)
    {
        using var content = repository.OpenSnapshot(commit);
        return SnapshotJsonLines.Read(content, commit.Sha).ContentId;
    }

    public void Dispose() => _root.Dispose();
}
