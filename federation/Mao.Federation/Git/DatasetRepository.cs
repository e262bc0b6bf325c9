using LibGit2Sharp;
using Mao.Core.Model;
using Mao.Federation.Store;

namespace Mao.Federation.Git;

/// <summary>
/// One tool's dataset: a bare git repository with a branch per site (<c>sites/&lt;site&gt;</c>, folder <c>snapshot/</c>
/// of part files, one commit per snapshot, so daily changes delta-compress) and a <c>ground-truth</c> branch (a folder
/// <c>periods/&lt;period&gt;/</c> per period). A snapshot is cut into parts of a few MB (<see cref="SnapshotParts"/>) so
/// that libgit2's pack builder, which reads each object whole, holds a few parts rather than the snapshot when it
/// pushes or packs. Commits written before parts hold one file (<c>snapshot.jsonl</c>, <c>periods/&lt;period&gt;.jsonl</c>)
/// and read the same (<see cref="SnapshotContent"/>). Commits are built straight in the object database: no working tree.
/// </summary>
public sealed partial class DatasetRepository : IDisposable
{
    public const string GroundTruthBranch = "ground-truth";
    /// <summary>A site branch's snapshot: the folder of parts.</summary>
    public const string SiteSnapshotFolder = "snapshot";

    /// <summary>A site branch's snapshot as commits before parts hold it: one file.</summary>
    public const string SiteSnapshotFile = "snapshot.jsonl";

    private readonly Lock _gate = new();

    private DatasetRepository(string tool, string path, Repository repository, SnapshotParts parts)
    {
        Tool = tool;
        Path = path;
        Repository = repository;
        Parts = parts;
    }

    public string Tool { get; }

    public string Path { get; }

    internal Repository Repository { get; }

    /// <summary>How new snapshots are cut into parts.</summary>
    public SnapshotParts Parts { get; }

    public static string SiteBranch(string site) => "sites/" + Identifier.Validate(site, "site name", "git branch");

    /// <summary>A period's ground truth: the folder of parts.</summary>
    public static string GroundTruthFolder(string period) => $"periods/{Identifier.Validate(period, "period", "git path")}";

    /// <summary>A period's ground truth as commits before parts hold it: one file.</summary>
    public static string GroundTruthFile(string period) => GroundTruthFolder(period) + ".jsonl";

    public static string TagOf(string round) => "verified/" + Identifier.Validate(round, "round id", "git tag");

    /// <summary>Opens <c>&lt;root&gt;/&lt;tool&gt;.git</c>, creating it bare when absent; new snapshots are cut by <paramref name="parts"/> (default <see cref="SnapshotParts.Default"/>).</summary>
    public static DatasetRepository OpenOrInit(string root, string tool, SnapshotParts? parts = null)
    {
        Identifier.Validate(tool, "tool name", root);
        var path = System.IO.Path.Combine(root, tool + ".git");
        if (!Repository.IsValid(path))
        {
            Directory.CreateDirectory(path);
            Repository.Init(path, isBare: true);
        }
        return new DatasetRepository(tool, path, new Repository(path), parts ?? SnapshotParts.Default);
    }

    /// <summary>Commits a snapshot to its site's branch; a snapshot already at the branch tip is not committed twice.</summary>
    public string CommitSnapshot(Stream canonical, SnapshotEntry entry)
    {
        var trailers = new SnapshotTrailers(entry.ContentId, entry.ToolVersion, entry.Site, entry.ObservedAt);
        var subject = $"{Tool} snapshot from {entry.Site} observed {entry.ObservedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z";
        return Commit(SiteBranch(entry.Site), SiteSnapshotFolder, SiteSnapshotFile, canonical, trailers, subject, entry);
    }

    /// <summary>Commits the verified ground truth of a period and tags it <c>verified/&lt;round&gt;</c>.</summary>
    public string CommitGroundTruth(Stream canonical, SnapshotEntry entry, string period, string round)
    {
        var trailers = new SnapshotTrailers(entry.ContentId, entry.ToolVersion, entry.Site, entry.ObservedAt, period, round);
        var subject = $"{Tool} ground truth for {period} (round {round})";
        lock (_gate)
        {
            var sha = Commit(GroundTruthBranch, GroundTruthFolder(period), GroundTruthFile(period), canonical, trailers, subject, entry);
            var tag = TagOf(round);
            if (Repository.Tags[tag] is null)
            {
                Repository.Tags.Add(tag, sha, Signer(entry.Site, DateTimeOffset.UtcNow), $"{Tool}: round {round} verified {period} as {entry.ContentId}");
            }
            return sha;
        }
    }

    /// <summary>Commits of a branch, oldest first, with their trailers (commits without a snapshot are skipped).</summary>
    public IReadOnlyList<DatasetCommit> History(string branch)
    {
        lock (_gate)
        {
            var tip = Repository.Branches[branch]?.Tip;
            if (tip is null)
            {
                return [];
            }
            var filter = new CommitFilter { IncludeReachableFrom = tip, SortBy = CommitSortStrategies.Topological | CommitSortStrategies.Reverse };
            return Repository.Commits.QueryBy(filter)
                .Select(c => (Commit: c, Trailers: SnapshotTrailers.Parse(c.Message, $"{Path} commit {c.Sha}")))
                .Where(x => x.Trailers is not null)
                .Select(x => new DatasetCommit(x.Commit.Sha, branch, PathOf(branch, x.Commit, x.Trailers!), x.Trailers!))
                .ToList();
        }
    }

    public IReadOnlyList<string> Branches()
    {
        lock (_gate)
        {
            return Repository.Branches.Where(b => !b.IsRemote).Select(b => b.FriendlyName).OrderBy(n => n, StringComparer.Ordinal).ToList();
        }
    }

    /// <summary>The snapshot a commit holds (its parts one after the other, or the single file of before), streamed.</summary>
    public Stream OpenSnapshot(DatasetCommit commit)
    {
        lock (_gate)
        {
            var content = Repository.Lookup<Commit>(commit.Sha) is { } found ? SnapshotContent.Find(Repository, found, commit.Path) : null;
            return content?.Open(_gate) ?? throw new FileNotFoundException($"{Path}: commit {commit.Sha} has no {commit.Path}");
        }
    }

    public void Dispose() => Repository.Dispose();

    private static string PathOf(string branch, Commit commit, SnapshotTrailers trailers) =>
        branch == GroundTruthBranch && trailers.Period is not null
            ? SnapshotContent.PathIn(commit, GroundTruthFolder(trailers.Period), GroundTruthFile(trailers.Period))
            : SnapshotContent.PathIn(commit, SiteSnapshotFolder, SiteSnapshotFile);

    /// <summary>Writes the snapshot as parts in <paramref name="folder"/>; the folder's parts of before and the single file of the older layout go.</summary>
    private string Commit(string branch, string folder, string singleFile, Stream canonical, SnapshotTrailers trailers, string subject, SnapshotEntry entry)
    {
        lock (_gate)
        {
            var parent = Repository.Branches[branch]?.Tip;
            if (parent is not null && SnapshotTrailers.Parse(parent.Message, $"{Path} {branch}")?.SnapshotId == trailers.SnapshotId)
            {
                return parent.Sha;
            }
            var parts = Parts.Write(Repository.ObjectDatabase, canonical);
            var tree = parent is null ? new TreeDefinition() : TreeDefinition.From(parent.Tree);
            tree.Remove(singleFile);
            tree.Remove(folder);
            for (var i = 0; i < parts.Count; i++)
            {
                tree.Add($"{folder}/{SnapshotParts.PartName(i)}", parts[i], Mode.NonExecutableFile);
            }
            var author = Signer(entry.Site, entry.ObservedAt);
            var committer = Signer(entry.Site, DateTimeOffset.UtcNow);
            var commit = Repository.ObjectDatabase.CreateCommit(author, committer, trailers.Format(subject),
                Repository.ObjectDatabase.CreateTree(tree), parent is null ? [] : [parent], prettifyMessage: false);
            SetBranch(branch, commit.Id, $"commit: {subject}");
            return commit.Sha;
        }
    }

    internal void SetBranch(string branch, ObjectId target, string logMessage)
    {
        var name = "refs/heads/" + branch;
        if (Repository.Refs[name] is null)
        {
            Repository.Refs.Add(name, target, logMessage);
        }
        else
        {
            Repository.Refs.UpdateTarget(name, target.Sha, logMessage);
        }
    }

    internal static Signature Signer(string site, DateTimeOffset when) => new($"MAO site {site}", $"{site}@sites.mao.invalid", when);
}

/// <summary>A dataset commit: which branch and file hold which snapshot.</summary>
public sealed record DatasetCommit(string Sha, string Branch, string Path, SnapshotTrailers Trailers);
