using Mao.Federation.Git;
using Mao.Federation.Tests.Git;
using Mao.Testing;

namespace Mao.Federation.Tests.Faults;

/// <summary>A hosted remote (smart HTTP, so hooks run) refuses a push: clear error, nothing lost locally.</summary>
public sealed class GitRefusedPushTests : IDisposable
{
    private readonly GitRepositories _remotes = new();
    private readonly TempFolder _site = new("mao-site");

    [Fact]
    public void Push_OverHttp_Lands()
    {
        var remotePath = _remotes.CreateBare("dockerhub-arch");
        GitRepositories.Git(remotePath, "config", "http.receivepack", "true");
        using var server = new GitHttpServer(_remotes.Root);
        using var repository = DatasetRepository.OpenOrInit(_site.Path, "dockerhub-arch");
        var sha = GitTestData.Commit(repository, TestSnapshots.Make());

        repository.Push(new GitRemoteOptions("origin", server.Url("dockerhub-arch")), "sites/site-a");

        Assert.Equal(sha, GitRepositories.Git(remotePath, "rev-parse", "sites/site-a").Trim());
    }

    [Fact]
    public void Push_RemoteHookRefuses_ClearErrorAndLocalCommitsKept()
    {
        var remotePath = _remotes.CreateBare("dockerhub-arch");
        GitRepositories.Git(remotePath, "config", "http.receivepack", "true");
        GitRepositories.RefusePushes(remotePath, "quota exceeded for mao");
        using var server = new GitHttpServer(_remotes.Root);
        using var repository = DatasetRepository.OpenOrInit(_site.Path, "dockerhub-arch");
        var first = GitTestData.Commit(repository, TestSnapshots.Make(seed: 1));
        var second = GitTestData.Commit(repository, TestSnapshots.Make(observedAt: GitTestData.Day0.AddDays(1), seed: 2));

        var error = Assert.Throws<GitPushRefusedException>(() =>
            repository.Push(new GitRemoteOptions("origin", server.Url("dockerhub-arch")), "sites/site-a"));

        Assert.Equal("origin", error.Remote);
        Assert.Contains("hook", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal([first, second], repository.History("sites/site-a").Select(c => c.Sha));
        Assert.Throws<InvalidOperationException>(() => GitRepositories.Git(remotePath, "rev-parse", "--verify", "sites/site-a"));
    }

    [Fact]
    public void Push_RemoteDoesNotExist_ClearErrorNamingTheRemote()
    {
        using var repository = DatasetRepository.OpenOrInit(_site.Path, "dockerhub-arch");
        GitTestData.Commit(repository, TestSnapshots.Make());

        var error = Assert.Throws<GitPushRefusedException>(() =>
            repository.Push(new GitRemoteOptions("peer", Path.Combine(_remotes.Root, "missing.git")), "sites/site-a"));

        Assert.Equal("peer", error.Remote);
        Assert.Single(repository.History("sites/site-a"));
    }

    public void Dispose()
    {
        _remotes.Dispose();
        _site.Dispose();
    }
}
