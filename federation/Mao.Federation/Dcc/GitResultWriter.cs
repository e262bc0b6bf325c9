using LibGit2Sharp;
using Mao.Core;

namespace Mao.Federation.Dcc;

/// <summary>
/// Commits ground-truth files onto a branch of the dataset repository (bare or not) without a work tree: the
/// branch's existing files stay, ours are added or replaced, history is kept. No commit when nothing changed.
/// </summary>
public static class GitResultWriter
{
    /// <returns>The id of the branch's new tip (or the old one when nothing changed).</returns>
    public static string Commit(Repository repo, string branchName, IReadOnlyDictionary<string, string> files, string message)
    {
        if (!repo.Info.IsBare && !repo.Info.IsHeadDetached && repo.Head.FriendlyName == branchName)
        {
            throw new MaoFormatException(repo.Info.WorkingDirectory,
                $"branch '{branchName}' is checked out here; updating it would leave the work tree stale: check out another branch, or write to a folder with --out");
        }
        var branch = repo.Branches[branchName];
        var parent = branch?.Tip;
        var definition = parent is null ? new TreeDefinition() : TreeDefinition.From(parent.Tree);
        foreach (var (name, path) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            definition.Add(name, repo.ObjectDatabase.CreateBlob(path), Mode.NonExecutableFile);
        }
        var tree = repo.ObjectDatabase.CreateTree(definition);
        if (parent is not null && parent.Tree.Id == tree.Id)
        {
            return parent.Sha;
        }
        var now = DateTimeOffset.UtcNow;
        var signature = repo.Config.BuildSignature(now) ?? new Signature("mao verify", "mao-verify@localhost", now);
        var commit = repo.ObjectDatabase.CreateCommit(signature, signature, message, tree, parent is null ? [] : [parent], prettifyMessage: true);
        if (branch is null)
        {
            repo.Branches.Add(branchName, commit);
        }
        else
        {
            repo.Refs.UpdateTarget(branch.Reference, commit.Id, "mao verify");
        }
        return commit.Sha;
    }
}
