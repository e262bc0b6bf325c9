using LibGit2Sharp;

namespace Mao.Federation.Git;

/// <summary>Rebase without a working tree: our commits that the remote lacks are recreated on top of its tip.</summary>
public sealed partial class DatasetRepository
{
    private void ReplayOnto(string branch, Commit newBase, string remoteName)
    {
        var local = Repository.Branches[branch]?.Tip;
        if (local is null || Repository.ObjectDatabase.FindMergeBase(local, newBase)?.Sha == local.Sha)
        {
            // Nothing of ours is missing upstream: just follow the remote.
            SetBranch(branch, newBase.Id, $"fast-forward to {remoteName}");
            return;
        }
        var ours = Repository.Commits.QueryBy(new CommitFilter
        {
            IncludeReachableFrom = local,
            ExcludeReachableFrom = newBase,
            SortBy = CommitSortStrategies.Topological | CommitSortStrategies.Reverse,
        }).ToList();
        var tip = newBase;
        var moved = new Dictionary<string, Commit>(StringComparer.Ordinal);
        foreach (var commit in ours)
        {
            if (commit.Parents.Count() > 1)
            {
                throw new GitDatasetConflictException(branch, $"merge commit {commit.Sha}", remoteName);
            }
            // A root commit (the branch began here before the remote had it) is replayed as adding all its files.
            var parent = commit.Parents.SingleOrDefault();
            var tree = TreeDefinition.From(tip.Tree);
            // A snapshot's parts are one unit: replaying part by part could mix two versions of a snapshot.
            var units = Repository.Diff.Compare<TreeChanges>(parent?.Tree, commit.Tree).Select(c => UnitOf(c.Path)).Distinct(StringComparer.Ordinal);
            foreach (var unit in units)
            {
                var upstream = tip[unit]?.Target.Sha;
                var before = parent?[unit]?.Target.Sha;
                var after = commit[unit]?.Target.Sha;
                if (upstream != before && upstream != after)
                {
                    // Throwing here leaves the local branch untouched: the new commits are only objects so far.
                    throw new GitDatasetConflictException(branch, unit, remoteName);
                }
                tree.Remove(unit);
                if (after is not null)
                {
                    tree.Add(unit, commit[unit]);
                }
            }
            tip = Repository.ObjectDatabase.CreateCommit(commit.Author, commit.Committer, commit.Message,
                Repository.ObjectDatabase.CreateTree(tree), [tip], prettifyMessage: false);
            moved[commit.Sha] = tip;
        }
        SetBranch(branch, tip.Id, $"replay {ours.Count} commit(s) onto {remoteName}/{branch}");
        MoveTags(moved);
    }

    /// <summary>The folder of a snapshot part (parts are replaced together), else the path itself.</summary>
    private static string UnitOf(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash > 0 && SnapshotParts.IndexOf(path[(slash + 1)..]) is not null ? path[..slash] : path;
    }

    /// <summary>Tags that marked a replayed commit now mark its replacement (same name, tagger and message).</summary>
    private void MoveTags(Dictionary<string, Commit> moved)
    {
        foreach (var tag in Repository.Tags.ToList())
        {
            if (tag.PeeledTarget is Commit target && moved.TryGetValue(target.Sha, out var replacement))
            {
                var annotation = tag.Annotation;
                Repository.Tags.Remove(tag);
                if (annotation is null)
                {
                    Repository.Tags.Add(tag.FriendlyName, replacement);
                }
                else
                {
                    Repository.Tags.Add(tag.FriendlyName, replacement, annotation.Tagger, annotation.Message);
                }
            }
        }
    }
}
