using LibGit2Sharp;
using Mao.Core.Model;
using Mao.Federation.Configuration;
using Mao.Federation.Git;
using Microsoft.Extensions.Logging;

namespace Mao.Federation.Rounds;

/// <summary>
/// Keeps this site's dataset repositories (&lt;data&gt;/datasets/&lt;tool&gt;.git) healthy, run by scheduled jobs:
/// packs their loose objects (merging the packs when there are more than MAO_GIT_MAX_PACKS), and pushes again what a failed push left behind. A branch is pending when its local tip
/// is not in what the remote last accepted (<c>refs/remotes/origin/&lt;branch&gt;</c>, moved by every push that
/// landed): no separate record to lose or get out of step. The blob store stays the truth throughout.
/// </summary>
public sealed class DatasetUpkeep(FederationSettings settings, ILogger<DatasetUpkeep> log)
{
    private string Root => Path.Combine(settings.DataDirectory, "datasets");

    /// <summary>Packs every dataset repository (merging its packs beyond MAO_GIT_MAX_PACKS); one that fails is logged and the others go on.</summary>
    public async Task<IReadOnlyList<PackOutcome>> PackAllAsync(CancellationToken cancellationToken)
    {
        var outcomes = new List<PackOutcome>();
        foreach (var tool in Tools())
        {
            var outcome = await WithRepositoryAsync(tool, repository => repository.Pack(settings.MaxDatasetPacks), cancellationToken);
            if (outcome is not null)
            {
                log.LogInformation("Dataset {Tool}: {Loose} loose objects packed into {Pack}, {Removed} loose files removed; {Merged} packs merged into {MergedInto}",
                    tool, outcome.LooseBefore, outcome.Pack ?? "(none)", outcome.LooseRemoved, outcome.PacksMerged, outcome.MergedInto ?? "(none)");
                outcomes.Add(outcome);
            }
        }
        return outcomes;
    }

    /// <summary>Pushes each branch (this site's and ground truth) whose tip the remote does not hold yet; returns those that landed as tool:branch.</summary>
    public async Task<IReadOnlyList<string>> PushPendingAsync(CancellationToken cancellationToken)
    {
        var pushed = new List<string>();
        if (settings.GitRemote is not { } root)
        {
            return pushed;
        }
        foreach (var tool in Tools())
        {
            var remote = new GitRemoteOptions(SiteDatasets.RemoteName, $"{root.TrimEnd('/')}/{tool}.git", settings.GitUsername, settings.GitPassword);
            var landed = await WithRepositoryAsync(tool, repository =>
            {
                var done = new List<string>();
                foreach (var branch in new[] { DatasetRepository.SiteBranch(settings.SiteId), DatasetRepository.GroundTruthBranch }.Where(b => Pending(repository, b)))
                {
                    try
                    {
                        CreateLocalRemote(remote.Url);
                        repository.Push(remote, branch);
                        done.Add($"{tool}:{branch}");
                    }
                    catch (Exception e) when (e is GitPushRefusedException or GitDatasetConflictException or LibGit2SharpException or IOException or UnauthorizedAccessException)
                    {
                        log.LogWarning("Dataset {Tool}: {Branch} still not pushed to {Remote} ({Error}); trying again at the next run", tool, branch, remote.Url, e.Message);
                    }
                }
                return done;
            }, cancellationToken);
            pushed.AddRange(landed ?? []);
        }
        return pushed;
    }

    /// <summary>True when the branch exists and the remote-tracking branch does not contain its tip.</summary>
    internal static bool Pending(DatasetRepository repository, string branch)
    {
        var local = repository.Repository.Branches[branch]?.Tip;
        if (local is null)
        {
            return false;
        }
        var tracked = repository.RemoteTip(SiteDatasets.RemoteName, branch);
        return tracked is null
            || (tracked != local.Sha && repository.Repository.ObjectDatabase.FindMergeBase(local, repository.Repository.Lookup<Commit>(tracked))?.Sha != local.Sha);
    }

    private IEnumerable<string> Tools() => Directory.Exists(Root)
        ? Directory.GetDirectories(Root, "*.git").Select(d => Path.GetFileName(d)[..^4]).Where(Identifier.IsValid).Order(StringComparer.Ordinal)
        : [];

    /// <summary>Runs <paramref name="work"/> on the tool's repository under the gate every writer of it takes; null when it failed.</summary>
    private async Task<T?> WithRepositoryAsync<T>(string tool, Func<DatasetRepository, T> work, CancellationToken cancellationToken) where T : class
    {
        var gate = DatasetGates.For(Path.Combine(Root, tool + ".git"));
        await gate.WaitAsync(cancellationToken);
        try
        {
            using var repository = DatasetRepository.OpenOrInit(Root, tool);
            return await Task.Run(() => work(repository), cancellationToken);
        }
        catch (Exception e) when (e is LibGit2SharpException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            log.LogWarning(e, "Dataset {Tool}: upkeep failed ({Error}); the next run tries again", tool, e.Message);
            return null;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>A folder remote that does not exist yet is created bare, as the first push would (http remotes are the server's).</summary>
    private static void CreateLocalRemote(string url)
    {
        if (SiteDatasets.LocalPath(url) is { } path && !Repository.IsValid(path))
        {
            Directory.CreateDirectory(path);
            Repository.Init(path, isBare: true);
        }
    }
}
