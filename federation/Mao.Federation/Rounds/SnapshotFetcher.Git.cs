using System.Collections.Concurrent;
using LibGit2Sharp;
using Mao.Core;
using Mao.Federation.Git;
using Mao.Federation.Registry.Documents;
using Mao.Federation.Store;
using Microsoft.Extensions.Logging;

namespace Mao.Federation.Rounds;

/// <summary>
/// Git: fetch the peer's site branch from its registered remote into a local clone (&lt;data&gt;/peers/&lt;tool&gt;.git),
/// take the commit the pointer names (it must be on that branch and carry the pointer's Snapshot-Id), store its file.
/// </summary>
public sealed partial class SnapshotFetcher
{
    private readonly ConcurrentDictionary<string, Lazy<PeerRepository>> _peerRepositories = new(StringComparer.Ordinal);

    private async Task<SnapshotEntry> FetchGitAsync(FetchRequest request, string remote, string commit, CancellationToken cancellationToken)
    {
        var (tool, site, pointer) = (request.Tool, request.Holder, request.Snapshot);
        var from = $"git {remote} commit {commit}";
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(settings.FetchTimeout);
        var repository = PeerRepositoryOf(tool);
        Task<HashingFile>? work = null;
        HashingFile? received = null;
        try
        {
            await repository.Gate.WaitAsync(deadline.Token);
            // libgit2 blocks: it runs aside and stops at its next progress callback once the deadline passed.
            work = Task.Run(() =>
            {
                try
                {
                    return ReadCommit(repository.Repo, site, remote, commit, pointer, deadline.Token);
                }
                finally
                {
                    repository.Gate.Release();
                }
            }, CancellationToken.None);
            received = await work.WaitAsync(deadline.Token);
            return await StoreAsync(received, request, from, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            if (received is null)
            {
                // Abandoned: the file the background read may still produce is removed when it does.
                _ = work?.ContinueWith(t => t.Result.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
                if (work is { IsCompleted: false })
                {
                    Retire(tool, repository);
                }
            }
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            throw new PeerFetchException($"{from} did not complete within the fetch deadline of {settings.FetchTimeout.TotalSeconds:0.#} s");
        }
        finally
        {
            if (received is not null)
            {
                await received.DisposeAsync();
            }
        }
    }

    private HashingFile ReadCommit(DatasetRepository repository, string site, string remote, string sha, SnapshotPointer pointer, CancellationToken deadline)
    {
        var branch = DatasetRepository.SiteBranch(site);
        var tracking = $"refs/remotes/{site}/{branch}";
        var from = $"git {remote} commit {sha}";
        try
        {
            // Checked before its refs move (DatasetRepository.Fetch): a damaged object never becomes part of the peer's branch here.
            repository.FetchBranch(new GitRemoteOptions(site, remote), branch, deadline);
        }
        catch (IOException e)
        {
            deadline.ThrowIfCancellationRequested();
            throw new PeerFetchException($"git fetch of {branch} from {remote} failed: {e.Message}");
        }
        deadline.ThrowIfCancellationRequested();
        var git = repository.Repository;
        var tip = git.Refs[tracking]?.TargetIdentifier is { } tipSha ? git.Lookup<Commit>(tipSha) : null;
        var commit = git.Lookup<Commit>(sha);
        if (tip is null || commit is null || git.ObjectDatabase.FindMergeBase(commit, tip)?.Sha != commit.Sha)
        {
            throw new PeerFetchException($"{from}: the commit is not on {site}'s branch {branch} there");
        }
        SnapshotTrailers? trailers;
        try
        {
            trailers = SnapshotTrailers.Parse(commit.Message, from);
        }
        catch (MaoFormatException e)
        {
            throw new PeerFetchException($"{from}: unusable trailers ({e.Problem})");
        }
        if (trailers?.SnapshotId != pointer.ContentId)
        {
            throw new PeerFetchException($"{from} holds Snapshot-Id {trailers?.SnapshotId ?? "(none)"}, not the announced content id {pointer.ContentId}");
        }
        var path = SnapshotContent.PathIn(commit, DatasetRepository.SiteSnapshotFolder, DatasetRepository.SiteSnapshotFile);
        SnapshotContent? content;
        try
        {
            content = SnapshotContent.Find(git, commit, path);
        }
        catch (MaoFormatException e)
        {
            throw new PeerFetchException($"{from}: unusable snapshot ({e.Problem})");
        }
        if (content is null)
        {
            throw new PeerFetchException($"{from} has neither {DatasetRepository.SiteSnapshotFolder}/ nor {DatasetRepository.SiteSnapshotFile}");
        }
        var limit = Math.Min(pointer.Size, settings.MaxFetchBytes);
        var size = content.Size();
        if (size > limit)
        {
            throw new PeerFetchException($"{from}: {path} has {size} bytes: larger than announced ({limit} bytes)");
        }
        var file = new HashingFile(TempFolder);
        using (var parts = content.Open())
        {
            parts.CopyTo(file);
        }
        var actual = file.Complete();
        if (actual != pointer.ContentId)
        {
            file.Dispose();
            throw new PeerFetchException($"{from}: {path} hashes to {actual}, not the announced content id {pointer.ContentId}");
        }
        return file;
    }

    /// <summary>
    /// libgit2 has no deadline of its own: a peer's server that takes the connection and never answers blocks the read,
    /// which keeps the clone's gate. The abandoned read keeps its repository object (left to the finaliser, since it may
    /// still be in use); the next fetch of the tool opens the clone afresh rather than wait for a gate never released.
    /// </summary>
    private void Retire(string tool, PeerRepository stuck)
    {
        if (_peerRepositories.TryGetValue(tool, out var current) && current.IsValueCreated && ReferenceEquals(current.Value, stuck)
            && _peerRepositories.TryRemove(new KeyValuePair<string, Lazy<PeerRepository>>(tool, current)))
        {
            log.LogWarning("A git fetch of {Tool} is stuck past its deadline; later fetches of the tool open the peers' clone afresh", tool);
        }
    }

    private PeerRepository PeerRepositoryOf(string tool) =>
        _peerRepositories.GetOrAdd(tool, t => new Lazy<PeerRepository>(() =>
            new PeerRepository(DatasetRepository.OpenOrInit(Path.Combine(settings.DataDirectory, "peers"), t)))).Value;

    private void DisposeGit()
    {
        foreach (var repository in _peerRepositories.Values.Where(r => r.IsValueCreated))
        {
            repository.Value.Repo.Dispose();
        }
    }

    /// <summary>Peers' branches of one tool, fetched one at a time.</summary>
    private sealed record PeerRepository(DatasetRepository Repo)
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);
    }
}
