using LibGit2Sharp;

namespace Mao.Federation.Git;

/// <summary>
/// Push and fetch with the sites' remotes. A push rejected because the remote moved on is not forced:
/// the remote is fetched, our new commits are replayed on its tip (a rebase without a working tree),
/// and the push is tried again, so two sites pushing at once both land and nobody's commit is lost.
/// </summary>
public sealed partial class DatasetRepository
{
    public void SetRemote(GitRemoteOptions remote)
    {
        lock (_gate)
        {
            if (Repository.Network.Remotes[remote.Name] is { } existing)
            {
                if (existing.Url == remote.Url)
                {
                    return;
                }
                Repository.Network.Remotes.Update(remote.Name, r => r.Url = remote.Url);
                return;
            }
            Repository.Network.Remotes.Add(remote.Name, remote.Url, $"+refs/heads/*:refs/remotes/{remote.Name}/*");
        }
    }

    /// <summary>The tip of a branch as last fetched from a remote, or null.</summary>
    public string? RemoteTip(string remoteName, string branch)
    {
        lock (_gate)
        {
            return Repository.Refs[$"refs/remotes/{remoteName}/{branch}"]?.TargetIdentifier;
        }
    }

    /// <summary>Pushes <paramref name="branch"/> (and tags on it), replaying on the remote's tip and retrying when the remote moved on.</summary>
    public void Push(GitRemoteOptions remote, string branch)
    {
        lock (_gate)
        {
            SetRemote(remote);
            for (var attempt = 1; ; attempt++)
            {
                string? outcome;
                using (LocalRemoteLock.Acquire(remote.Url))
                {
                    SetPushLimits(remote, branch);
                    outcome = TryPush(remote, [$"refs/heads/{branch}:refs/heads/{branch}"], branch) ?? CheckLanded(remote, branch);
                    if (outcome is null)
                    {
                        PushTags(remote, branch);
                        return;
                    }
                }
                if (attempt >= remote.MaxPushAttempts)
                {
                    throw new GitPushRefusedException(remote.Name, branch, $"still rejected after {attempt} attempts ({outcome})");
                }
                Fetch(remote);
                var remoteTip = RemoteTip(remote.Name, branch);
                if (remoteTip is not null)
                {
                    ReplayOnto(branch, Repository.Lookup<Commit>(remoteTip), remote.Name);
                }
                Thread.Sleep(Random.Shared.Next(10, 50) * attempt); // let the other pusher finish
            }
        }
    }

    /// <summary>
    /// One snapshot's parts go whole (they hold different records; no delta search, about one part in memory). Several
    /// snapshots at once (a first push, a history after an outage) are deltified against each other within the pack
    /// builder's bounded window, as a year of daily snapshots otherwise reaches the remote undeltified.
    /// </summary>
    private void SetPushLimits(GitRemoteOptions remote, string branch)
    {
        var tip = Repository.Branches[branch]?.Tip;
        var pushed = RemoteTip(remote.Name, branch) is { } sha ? Repository.Lookup<Commit>(sha) : null;
        var ahead = tip is null ? 0 : Repository.Commits.QueryBy(new CommitFilter { IncludeReachableFrom = tip, ExcludeReachableFrom = pushed }).Take(2).Count();
        if (ahead > 1)
        {
            PackLimits.Deltified(Repository);
        }
        else
        {
            PackLimits.Whole(Repository);
        }
    }

    /// <summary>Null when pushed; otherwise why it must be retried after a fetch. Throws when the remote refuses outright.</summary>
    private string? TryPush(GitRemoteOptions remote, IReadOnlyList<string> refspecs, string branch)
    {
        var errors = new List<PushStatusError>();
        var options = new PushOptions { CredentialsProvider = Credentials(remote), OnPushStatusError = errors.Add };
        try
        {
            Repository.Network.Push(Repository.Network.Remotes[remote.Name], refspecs, options);
        }
        catch (NonFastForwardException e)
        {
            return e.Message;
        }
        catch (LockedFileException e)
        {
            return e.Message; // the other site's push holds the remote's ref lock right now
        }
        catch (LibGit2SharpException e) when (IsRace(e.Message))
        {
            return e.Message;
        }
        catch (LibGit2SharpException e)
        {
            throw new GitPushRefusedException(remote.Name, branch, e.Message, e);
        }
        if (errors.Count == 0)
        {
            return null;
        }
        var reason = string.Join("; ", errors.Select(e => $"{e.Reference}: {e.Message}"));
        return errors.All(e => IsRace(e.Message)) ? reason : throw new GitPushRefusedException(remote.Name, branch, reason);
    }

    /// <summary>
    /// Tags go after their branch has landed, so a replay never has to move a tag the remote already has.
    /// A tag the remote holds for another commit is refused, not forced.
    /// </summary>
    private void PushTags(GitRemoteOptions remote, string branch)
    {
        var tags = Repository.Tags.Where(t => TagPointsInto(t, branch)).Select(t => $"{t.CanonicalName}:{t.CanonicalName}").ToList();
        if (tags.Count > 0 && TryPush(remote, tags, branch) is { } problem)
        {
            throw new GitPushRefusedException(remote.Name, "tags of " + branch, problem);
        }
    }

    /// <summary>Trust but verify: the remote's branch must now contain our tip (a lost update shows up here, not later).</summary>
    private string? CheckLanded(GitRemoteOptions remote, string branch)
    {
        var local = Repository.Branches[branch].Tip;
        var target = Repository.Network.Remotes[remote.Name];
        var credentials = Credentials(remote);
        var references = credentials is null ? Repository.Network.ListReferences(target) : Repository.Network.ListReferences(target, credentials);
        var remoteTip = references
            .FirstOrDefault(r => r.CanonicalName == "refs/heads/" + branch)?.TargetIdentifier;
        if (remoteTip == local.Sha)
        {
            return null;
        }
        Fetch(remote);
        var fetched = RemoteTip(remote.Name, branch);
        return fetched is not null && Repository.ObjectDatabase.FindMergeBase(local, Repository.Lookup<Commit>(fetched))?.Sha == local.Sha
            ? null
            : $"pushed {local.Sha[..12]} but the remote's {branch} is {remoteTip?[..12] ?? "missing"} without it";
    }

    private static bool IsRace(string message) =>
        message.Contains("non-fast-forward", StringComparison.OrdinalIgnoreCase)
        || message.Contains("fetch first", StringComparison.OrdinalIgnoreCase)
        || message.Contains("not present locally", StringComparison.OrdinalIgnoreCase)
        || message.Contains("failed to lock", StringComparison.OrdinalIgnoreCase)
        || message.Contains("failed to update ref", StringComparison.OrdinalIgnoreCase)
        || message.Contains("old reference value does not match", StringComparison.OrdinalIgnoreCase);

    private bool TagPointsInto(Tag tag, string branch)
    {
        var tip = Repository.Branches[branch]?.Tip;
        return tip is not null && tag.PeeledTarget is Commit commit && Repository.ObjectDatabase.FindMergeBase(commit, tip)?.Sha == commit.Sha;
    }

    private static LibGit2Sharp.Handlers.CredentialsHandler? Credentials(GitRemoteOptions remote) =>
        remote.Username is null ? null : (_, _, _) => new UsernamePasswordCredentials { Username = remote.Username, Password = remote.Password };
}
