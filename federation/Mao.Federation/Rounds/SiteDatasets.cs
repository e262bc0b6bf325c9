using System.Collections.Concurrent;
using LibGit2Sharp;
using Mao.Federation.Configuration;
using Mao.Federation.Git;
using Mao.Federation.Registry;
using Mao.Federation.Registry.Documents;
using Mao.Federation.Store;
using Microsoft.Extensions.Logging;

namespace Mao.Federation.Rounds;

/// <summary>
/// This site's dataset repositories: a bare clone per tool under &lt;data&gt;/datasets, its site branch pushed to
/// <c>{GitRemote}/{tool}.git</c>. Git is a second copy: the blob store is the truth, so a failed commit or push is
/// logged and the snapshot simply has no git location until a later push carries its commit along.
/// </summary>
internal sealed class SiteDatasets(FederationSettings settings, FederationRegistry registry, ILogger log) : IDisposable
{
    public const string RemoteName = "origin";
    private readonly ConcurrentDictionary<string, Lazy<ToolRepository>> _repositories = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _locationPublished = new(StringComparer.Ordinal);

    private string Branch => DatasetRepository.SiteBranch(settings.SiteId);

    private string PushedRef => $"refs/remotes/{RemoteName}/{Branch}";

    public string? RemoteOf(string tool) => settings.GitRemote is { } root ? $"{root.TrimEnd('/')}/{tool}.git" : null;

    /// <summary>Commits the snapshot to the site branch unless it is there already, pushes; the commit as pushed, or null.</summary>
    public async Task<string?> KeepAsync(SnapshotEntry entry, Func<Task<Stream>> open, CancellationToken cancellationToken)
    {
        var tool = Repository(entry.Tool);
        await tool.Gate.WaitAsync(cancellationToken);
        try
        {
            if (tool.Find(Branch, entry.ContentId) is null)
            {
                await using var content = await open();
                await Task.Run(() => tool.Repo.CommitSnapshot(content, entry), cancellationToken);
            }
            if (RemoteOf(entry.Tool) is not { } remote)
            {
                return null;
            }
            if (tool.Find(PushedRef, entry.ContentId) is { } pushed)
            {
                return pushed;
            }
            await Task.Run(() => Push(tool.Repo, remote), cancellationToken);
            await PublishLocationAsync(entry.Tool, remote, cancellationToken);
            // A push that had to replay onto the remote's tip rewrote our commits: look the snapshot up as pushed.
            return tool.Find(PushedRef, entry.ContentId);
        }
        catch (Exception e) when (e is LibGit2SharpException or GitPushRefusedException or GitDatasetConflictException or IOException)
        {
            log.LogWarning(e, "Snapshot {ContentId} of {Tool} is stored but not in git at {Remote} yet ({Error}); a later push carries it along",
                entry.ContentId, entry.Tool, RemoteOf(entry.Tool) ?? tool.Repo.Path, e.Message);
            return null;
        }
        finally
        {
            tool.Gate.Release();
        }
    }

    /// <summary>The commit holding the snapshot on the pushed site branch, or null (no remote, not pushed yet).</summary>
    public async Task<string?> PushedCommitAsync(string tool, string contentId, CancellationToken cancellationToken)
    {
        if (RemoteOf(tool) is null)
        {
            return null;
        }
        var repository = Repository(tool);
        await repository.Gate.WaitAsync(cancellationToken);
        try
        {
            return repository.Find(PushedRef, contentId);
        }
        finally
        {
            repository.Gate.Release();
        }
    }

    public void Dispose()
    {
        foreach (var repository in _repositories.Values.Where(r => r.IsValueCreated))
        {
            repository.Value.Repo.Dispose();
        }
    }

    private ToolRepository Repository(string tool) =>
        _repositories.GetOrAdd(tool, t => new Lazy<ToolRepository>(() =>
            new ToolRepository(DatasetRepository.OpenOrInit(Path.Combine(settings.DataDirectory, "datasets"), t)))).Value;

    private void Push(DatasetRepository repository, string remote)
    {
        if (LocalPath(remote) is { } path && !LibGit2Sharp.Repository.IsValid(path))
        {
            // A folder remote (local runs, a shared disk) is created on first use, as a hosted remote would be.
            Directory.CreateDirectory(path);
            LibGit2Sharp.Repository.Init(path, isBare: true);
        }
        repository.Push(new GitRemoteOptions(RemoteName, remote, settings.GitUsername, settings.GitPassword), Branch);
    }

    /// <summary>Tells peers where this site's dataset of the tool lives (once per process; a failure is retried next push).</summary>
    private async Task PublishLocationAsync(string tool, string remote, CancellationToken cancellationToken)
    {
        if (_locationPublished.ContainsKey(tool))
        {
            return;
        }
        try
        {
            await registry.PutDatasetAsync(new DatasetLocation(tool, settings.SiteId, remote, Branch, settings.EffectiveContainer, settings.EffectiveTable), cancellationToken);
            _locationPublished[tool] = true;
        }
        catch (Exception e) when (e is RegistryUnavailableException or RegistryAccessDeniedException or RegistryWriteUnknownException)
        {
            log.LogWarning("Could not publish the dataset location of {Tool} ({Remote}): {Error}; trying again on the next push", tool, remote, e.Message);
        }
    }

    /// <summary>The folder of a path or file:// remote; null for a URL (http, ssh) git reaches over the network.</summary>
    internal static string? LocalPath(string remote) =>
        remote.StartsWith("file://", StringComparison.Ordinal) ? new Uri(remote).LocalPath
        : Path.IsPathRooted(remote) ? remote
        : null;

    /// <summary>One tool's repository, its gate (shared with ground truth, pushes and packing) and the snapshot ids each ref holds.</summary>
    private sealed class ToolRepository(DatasetRepository repository)
    {
        private readonly Dictionary<string, (string Tip, Dictionary<string, string> Commits)> _byRef = new(StringComparer.Ordinal);

        public DatasetRepository Repo { get; } = repository;

        public SemaphoreSlim Gate { get; } = DatasetGates.For(repository.Path);

        /// <summary>The newest commit on <paramref name="reference"/> holding the snapshot (by its Snapshot-Id trailer), or null.</summary>
        public string? Find(string reference, string contentId)
        {
            var tip = Repo.Repository.Refs[reference.StartsWith("refs/", StringComparison.Ordinal) ? reference : "refs/heads/" + reference]?.TargetIdentifier;
            if (tip is null)
            {
                return null;
            }
            if (!_byRef.TryGetValue(reference, out var known) || known.Tip != tip)
            {
                var commits = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var commit in Repo.History(reference))
                {
                    commits[commit.Trailers.SnapshotId] = commit.Sha; // oldest first: the newest commit of an id wins
                }
                _byRef[reference] = known = (tip, commits);
            }
            return known.Commits.GetValueOrDefault(contentId);
        }
    }
}
