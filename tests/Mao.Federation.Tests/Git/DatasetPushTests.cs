using Mao.Federation.Git;
using Mao.Testing;
using static Mao.Federation.Tests.Git.GitTestData;

namespace Mao.Federation.Tests.Git;

public sealed class DatasetPushTests : IDisposable
{
    private readonly GitRepositories _remotes = new();
    private readonly TempFolder _siteA = new("mao-site-a");
    private readonly TempFolder _siteB = new("mao-site-b");

    [Fact]
    public void Push_ThenPeerFetches_PeerSeesTheSiteBranch()
    {
        var remote = new GitRemoteOptions("origin", _remotes.CreateBare("dockerhub-arch"));
        using var a = DatasetRepository.OpenOrInit(_siteA.Path, "dockerhub-arch");
        using var b = DatasetRepository.OpenOrInit(_siteB.Path, "dockerhub-arch");
        var sha = Commit(a, TestSnapshots.Make(site: "site-a"));

        a.Push(remote, "sites/site-a");
        b.Fetch(remote);

        Assert.Equal(sha, b.RemoteTip("origin", "sites/site-a"));
    }

    [Fact]
    public void Push_SeveralSnapshotsAtOnce_PartsDeltified_ThenOneSnapshot_ItsPartsSentWhole()
    {
        var remotePath = _remotes.CreateBare("dockerhub-arch");
        var remote = new GitRemoteOptions("origin", remotePath);
        using var a = DatasetRepository.OpenOrInit(_siteA.Path, "dockerhub-arch", new SnapshotParts(1024, 2048, 8192));
        for (var day = 0; day < 4; day++)
        {
            Commit(a, TestSnapshots.Make(observedAt: Day0.AddDays(day), records: 150, seed: day));
        }

        a.Push(remote, "sites/site-a"); // four snapshots at once: parts meet their other days' versions
        var afterHistory = DeltaBlobs(remotePath);
        Commit(a, TestSnapshots.Make(observedAt: Day0.AddDays(4), records: 150, seed: 4));
        a.Push(remote, "sites/site-a"); // one snapshot: its parts go whole
        var afterOne = DeltaBlobs(remotePath);

        Assert.True(afterHistory > 0, "no part of the four snapshots reached the remote as a delta");
        Assert.Equal(afterHistory, afterOne);
        Assert.Equal("5", GitRepositories.Git(remotePath, "rev-list", "--count", "sites/site-a").Trim());
        GitRepositories.Git(remotePath, "fsck", "--strict", "--no-dangling", "--no-progress");
    }

    /// <summary>Blobs stored as deltas in the repository's packs (verify-pack lists a delta's base as a 7th column).</summary>
    private static int DeltaBlobs(string repository) =>
        Directory.GetFiles(Path.Combine(repository, "objects", "pack"), "*.idx")
            .Sum(index => GitRepositories.Git(repository, "verify-pack", "-v", index).Split('\n')
                .Count(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [_, "blob", _, _, _, _, _]));

    [Fact]
    public async Task ConcurrentPushes_TwoSitesToOneGroundTruthBranch_NoCommitLost()
    {
        const int PerSite = 12;
        var remotePath = _remotes.CreateBare("dockerhub-arch");
        var remote = new GitRemoteOptions("origin", remotePath) { MaxPushAttempts = 50 };
        using var a = DatasetRepository.OpenOrInit(_siteA.Path, "dockerhub-arch");
        using var b = DatasetRepository.OpenOrInit(_siteB.Path, "dockerhub-arch");

        void Publish(DatasetRepository repository, int offset)
        {
            for (var i = 0; i < PerSite; i++)
            {
                var day = offset + i;
                CommitGroundTruth(repository, TestSnapshots.Make(site: "ground-truth", observedAt: Day0.AddDays(day), seed: day), Period(day), $"r-{day}");
                repository.Push(remote, DatasetRepository.GroundTruthBranch);
                Commit(repository, TestSnapshots.Make(site: repository == a ? "site-a" : "site-b", observedAt: Day0.AddDays(day), seed: day));
                repository.Push(remote, DatasetRepository.SiteBranch(repository == a ? "site-a" : "site-b"));
            }
        }

        await Task.WhenAll(Task.Run(() => Publish(a, 0)), Task.Run(() => Publish(b, 100)));

        var files = GitRepositories.Git(remotePath, "ls-tree", "-r", "--name-only", DatasetRepository.GroundTruthBranch).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2 * PerSite, files.Length);
        var rounds = GitRepositories.Git(remotePath, "log", "--format=%(trailers:key=Round,valueonly)", DatasetRepository.GroundTruthBranch)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2 * PerSite, rounds.Distinct().Count());
        Assert.Equal(2 * PerSite, GitRepositories.Git(remotePath, "tag", "--list", "verified/*").Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        foreach (var site in new[] { "site-a", "site-b" })
        {
            Assert.Equal(PerSite.ToString(System.Globalization.CultureInfo.InvariantCulture),
                GitRepositories.Git(remotePath, "rev-list", "--count", $"sites/{site}").Trim());
        }
        // Every tag names a commit on the branch: replays moved them along.
        foreach (var tag in GitRepositories.Git(remotePath, "tag", "--list", "verified/*").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            GitRepositories.Git(remotePath, "merge-base", "--is-ancestor", tag, DatasetRepository.GroundTruthBranch);
        }
    }

    [Fact]
    public void Push_SamePeriodDifferentContentUpstream_ConflictAndLocalBranchKept()
    {
        var remote = new GitRemoteOptions("origin", _remotes.CreateBare("dockerhub-arch"));
        using var a = DatasetRepository.OpenOrInit(_siteA.Path, "dockerhub-arch");
        using var b = DatasetRepository.OpenOrInit(_siteB.Path, "dockerhub-arch");
        CommitGroundTruth(a, TestSnapshots.Make(site: "ground-truth", seed: 1), Period(0), "r-a");
        a.Push(remote, DatasetRepository.GroundTruthBranch);
        var local = CommitGroundTruth(b, TestSnapshots.Make(site: "ground-truth", seed: 2), Period(0), "r-b");

        Assert.Throws<GitDatasetConflictException>(() => b.Push(remote, DatasetRepository.GroundTruthBranch));

        Assert.Equal(local, b.History(DatasetRepository.GroundTruthBranch).Last().Sha);
    }

    public void Dispose()
    {
        _remotes.Dispose();
        _siteA.Dispose();
        _siteB.Dispose();
    }
}
