using LibGit2Sharp;

namespace Mao.Federation.Git;

/// <summary>
/// Fetch through a quarantine. libgit2 indexes a fetched pack by what each object's bytes hash to and moves the refs
/// without checking that the history they name is complete: a remote serving a damaged object (content that no longer
/// matches its name) left our tracking ref on a commit whose tree names a blob we do not have, and the next replay
/// built our commits on it. So a fetch lands in a throwaway repository beside ours (our objects reachable through
/// git's alternates, our refs copied in so only what is new is sent); every object reachable from what it fetched
/// must be present, and only then do its packs move into our repository and the tracking refs and tags follow.
/// A refused fetch leaves nothing behind, so the next try downloads the objects again.
/// </summary>
public sealed partial class DatasetRepository
{
    private const string Incoming = "refs/mao-incoming/";

    /// <summary>Fetches every branch of the remote into <c>refs/remotes/&lt;remote&gt;/*</c>, and tags it lacks; refuses an incomplete or corrupt history.</summary>
    public void Fetch(GitRemoteOptions remote) => Fetch(remote, "*", tags: true, CancellationToken.None);

    /// <summary>
    /// Fetches one branch of the remote into <c>refs/remotes/&lt;remote&gt;/&lt;branch&gt;</c>, no tags; refuses an
    /// incomplete or corrupt history. <paramref name="stop"/> ends the transfer at its next progress report.
    /// </summary>
    public void FetchBranch(GitRemoteOptions remote, string branch, CancellationToken stop) => Fetch(remote, branch, tags: false, stop);

    private void Fetch(GitRemoteOptions remote, string branches, bool tags, CancellationToken stop)
    {
        lock (_gate)
        {
            SetRemote(remote);
            var folder = $"{Path.TrimEnd('/')}.incoming-{Guid.NewGuid():N}";
            try
            {
                var fetched = FetchIntoQuarantine(remote, folder, branches, tags, stop);
                foreach (var (name, target) in fetched)
                {
                    if (name.StartsWith("heads/", StringComparison.Ordinal))
                    {
                        Repository.Refs.Add($"refs/remotes/{remote.Name}/{name["heads/".Length..]}", new ObjectId(target), allowOverwrite: true);
                    }
                    else if (Repository.Refs["refs/" + name] is null)
                    {
                        Repository.Refs.Add("refs/" + name, new ObjectId(target)); // a tag we hold is never moved
                    }
                }
            }
            catch (LibGit2SharpException e)
            {
                throw new IOException($"git fetch from '{remote.Name}' ({remote.Url}) failed: {e.Message}", e);
            }
            finally
            {
                if (Directory.Exists(folder))
                {
                    Directory.Delete(folder, recursive: true);
                }
            }
        }
    }

    /// <summary>Fetches into a quarantine repository, checks it, moves its packs into ours; returns the fetched refs (heads/x, tags/x) and targets.</summary>
    private List<(string Name, string Target)> FetchIntoQuarantine(GitRemoteOptions remote, string folder, string branches, bool tags, CancellationToken stop)
    {
        Repository.Init(folder, isBare: true);
        var objects = System.IO.Path.Combine(Repository.Info.Path, "objects");
        File.WriteAllText(System.IO.Path.Combine(folder, "objects", "info", "alternates"), objects + "\n");
        using (var quarantine = new Repository(folder))
        {
            // Our tips as refs there: the fetch negotiates with them, so the remote sends only what we lack.
            foreach (var reference in Repository.Refs.Where(r => r.CanonicalName.StartsWith("refs/heads/", StringComparison.Ordinal)
                         || r.CanonicalName.StartsWith($"refs/remotes/{remote.Name}/", StringComparison.Ordinal)))
            {
                if (reference.ResolveToDirectReference()?.TargetIdentifier is { } target)
                {
                    quarantine.Refs.Add("refs/ours/" + reference.CanonicalName["refs/".Length..], new ObjectId(target));
                }
            }
            quarantine.Network.Remotes.Add(remote.Name, remote.Url, $"+refs/heads/*:{Incoming}heads/*");
            var options = new FetchOptions
            {
                CredentialsProvider = Credentials(remote),
                TagFetchMode = TagFetchMode.None,
                OnTransferProgress = _ => !stop.IsCancellationRequested,
                OnProgress = _ => !stop.IsCancellationRequested,
            };
            var refspecs = new List<string> { $"+refs/heads/{branches}:{Incoming}heads/{branches}" };
            if (tags)
            {
                refspecs.Add($"+refs/tags/*:{Incoming}tags/*");
            }
            Commands.Fetch(quarantine, remote.Name, refspecs, options, $"fetch {remote.Name}");
            stop.ThrowIfCancellationRequested();
            var fetched = quarantine.Refs
                .Where(r => r.CanonicalName.StartsWith(Incoming, StringComparison.Ordinal))
                .Select(r => (Name: r.CanonicalName[Incoming.Length..], Target: r.TargetIdentifier))
                .ToList();
            if (MissingObject(quarantine, fetched.Select(f => f.Target)) is { } missing)
            {
                throw new IOException($"git fetch from '{remote.Name}' ({remote.Url}) received an incomplete or corrupt history " +
                    $"({missing}); nothing of it was taken");
            }
            AdoptObjects(System.IO.Path.Combine(folder, "objects"), objects);
            return fetched;
        }
    }

    /// <summary>Moves the quarantine's packs (index last, so no reader sees a pack without it) and loose objects into ours.</summary>
    private static void AdoptObjects(string from, string to)
    {
        var packs = System.IO.Path.Combine(from, "pack");
        foreach (var file in Directory.GetFiles(packs).OrderBy(f => f.EndsWith(".idx", StringComparison.Ordinal) ? 1 : 0))
        {
            File.Move(file, System.IO.Path.Combine(to, "pack", System.IO.Path.GetFileName(file)), overwrite: true);
        }
        foreach (var fan in Directory.GetDirectories(from).Where(d => System.IO.Path.GetFileName(d).Length == 2))
        {
            var target = System.IO.Path.Combine(to, System.IO.Path.GetFileName(fan));
            Directory.CreateDirectory(target);
            foreach (var file in Directory.GetFiles(fan))
            {
                var destination = System.IO.Path.Combine(target, System.IO.Path.GetFileName(file));
                if (!File.Exists(destination))
                {
                    File.Move(file, destination);
                }
            }
        }
    }

    /// <summary>
    /// The first object reachable from <paramref name="tips"/> that is missing, described; null when the history is
    /// complete. Commits reachable from our own tips were checked when they came, so the walk stops there.
    /// </summary>
    private static string? MissingObject(Repository repository, IEnumerable<string> tips)
    {
        try
        {
            return MissingFrom(repository, tips);
        }
        catch (LibGit2SharpException e)
        {
            return e.Message; // an object the walk needed (a parent commit, a tag's target) never came
        }
    }

    private static string? MissingFrom(Repository repository, IEnumerable<string> tips)
    {
        var commits = new List<Commit>();
        foreach (var tip in tips.Distinct(StringComparer.Ordinal))
        {
            var target = repository.Lookup(tip);
            while (target is TagAnnotation annotation)
            {
                target = repository.Lookup(annotation.Target.Id);
            }
            switch (target)
            {
                case null:
                    return $"ref target {tip} is missing";
                case Commit commit:
                    commits.Add(commit);
                    break;
            }
        }
        var known = repository.Refs
            .Where(r => r.CanonicalName.StartsWith("refs/ours/", StringComparison.Ordinal))
            .Select(r => repository.Lookup<Commit>(r.TargetIdentifier))
            .OfType<Commit>()
            .ToList();
        var trees = new HashSet<ObjectId>();
        foreach (var commit in repository.Commits.QueryBy(new CommitFilter { IncludeReachableFrom = commits, ExcludeReachableFrom = known }))
        {
            if (MissingInTree(repository, commit.Tree.Id, trees) is { } missing)
            {
                return $"commit {commit.Sha}: {missing}";
            }
        }
        return null;
    }

    private static string? MissingInTree(Repository repository, ObjectId id, HashSet<ObjectId> seen)
    {
        if (!seen.Add(id))
        {
            return null;
        }
        if (repository.Lookup<Tree>(id) is not { } tree)
        {
            return $"tree {id.Sha} is missing";
        }
        foreach (var entry in tree)
        {
            if (entry.TargetType == TreeEntryTargetType.Tree)
            {
                if (MissingInTree(repository, entry.Target.Id, seen) is { } missing)
                {
                    return missing;
                }
            }
            else if (entry.TargetType == TreeEntryTargetType.Blob && !repository.ObjectDatabase.Contains(entry.Target.Id))
            {
                return $"tree {id.Sha} names blob {entry.Target.Id.Sha} ({entry.Path}), which is missing or does not match its content";
            }
        }
        return null;
    }
}
