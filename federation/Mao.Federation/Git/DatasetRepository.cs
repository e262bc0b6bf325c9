using LibGit2Sharp;
using Mao.Core.Model;
using Mao.Federation.Store;

namespace Mao.Federation.Git;

/// <summary>
/// One tool's dataset: a bare git repository with a branch per site (<c>sites/&lt;site&gt;</c>, file <c>snapshot.jsonl</c>,
/// one commit per snapshot, so daily changes delta-compress) and a <c>ground-truth</c> branch (one file per period).
/// Commits are built straight in the object database: no working tree, nothing to check out.
/// </summary>
public sealed partial class DatasetRepository : IDisposable
{
    public const string GroundTruthBranch = "ground-truth";
    public const string SiteSnapshotFile = "snapshot.jsonl";
    private readonly Lock _gate = new();

    private DatasetRepository(string tool, string path, Repository repository)
    {
        Tool = tool;
        Path = path;
        Repository = repository;
    }

    public string Tool { get; }

    public string Path { get; }

    internal Repository Repository { get; }

    public static string SiteBranch(string site) => "sites/" + Identifier.Validate(site, "site name", "git branch");

    public static string GroundTruthFile(string period) => $"periods/{Identifier.Validate(period, "period", "git path")}.jsonl";

    public static string TagOf(string round) => "verified/" + Identifier.Validate(round, "round id", "git tag");

    /// <summary>Opens <c>&lt;root&gt;/&lt;tool&gt;.git</c>, creating it bare when absent.</summary>
    public static DatasetRepository OpenOrInit(string root, string tool)
    {
        Identifier.Validate(tool, "tool name", root);
        var path = System.IO.Path.Combine(root, tool + ".git");
        if (!Repository.IsValid(path))
        {
            Directory.CreateDirectory(path);
            Repository.Init(path, isBare: true);
        }
        return new DatasetRepository(tool, path, new Repository(path));
    }

    /// <summary>Commits a snapshot to its site's branch; a snapshot already at the branch tip is not committed twice.</summary>
    public string CommitSnapshot(Stream canonical, SnapshotEntry entry)
    {
        var trailers = new SnapshotTrailers(entry.ContentId, entry.ToolVersion, entry.Site, entry.ObservedAt);
        var subject = $"{Tool} snapshot from {entry.Site} observed {entry.ObservedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z";
        return Commit(SiteBranch(entry.Site), SiteSnapshotFile, canonical, trailers, subject, entry);
    }

    /// <summary>Commits the verified ground truth of a period and tags it <c>verified/&lt;round&gt;</c>.</summary>
    public string CommitGroundTruth(Stream canonical, SnapshotEntry entry, string period, string round)
    {
        var trailers = new SnapshotTrailers(entry.ContentId, entry.ToolVersion, entry.Site, entry.ObservedAt, period, round);
        var subject = $"{Tool} ground truth for {period} (round {round})";
        lock (_gate)
        {
            var sha = Commit(GroundTruthBranch, GroundTruthFile(period), canonical, trailers, subject, entry);
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
                .Select(x => new DatasetCommit(x.Commit.Sha, branch, PathOf(branch, x.Trailers!), x.Trailers!))
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

    /// <summary>The snapshot file a commit holds, streamed from the object database.</summary>
    public Stream OpenSnapshot(DatasetCommit commit)
    {
        lock (_gate)
        {
            var blob = Repository.Lookup<Commit>(commit.Sha)?[commit.Path]?.Target as Blob
                ?? throw new FileNotFoundException($"{Path}: commit {commit.Sha} has no {commit.Path}");
            return blob.GetContentStream();
        }
    }

    public void Dispose() => Repository.Dispose();

    private static string PathOf(string branch, SnapshotTrailers trailers) =>
        branch == GroundTruthBranch && trailers.Period is not null ? GroundTruthFile(trailers.Period) : SiteSnapshotFile;

    private string Commit(string branch, string path, Stream canonical, SnapshotTrailers trailers, string subject, SnapshotEntry entry)
    {
        lock (_gate)
        {
            var parent = Repository.Branches[branch]?.Tip;
            if (parent is not null && SnapshotTrailers.Parse(parent.Message, $"{Path} {branch}")?.SnapshotId == trailers.SnapshotId)
            {
                return parent.Sha;
            }
            var blob = WriteBlob(canonical);
            var tree = parent is null ? new TreeDefinition() : TreeDefinition.From(parent.Tree);
            tree.Add(path, blob, Mode.NonExecutableFile);
            var author = Signer(entry.Site, entry.ObservedAt);
            var committer = Signer(entry.Site, DateTimeOffset.UtcNow);
            var commit = Repository.ObjectDatabase.CreateCommit(author, committer, trailers.Format(subject),
                Repository.ObjectDatabase.CreateTree(tree), parent is null ? [] : [parent], prettifyMessage: false);
            SetBranch(branch, commit.Id, $"commit: {subject}");
            return commit.Sha;
        }
    }

    /// <summary>
    /// The blob, streamed: with its size known, libgit2 deflates it into a loose object as it goes (git_odb_open_wstream),
    /// while CreateBlob(Stream) holds the whole content natively (about 1.2 times its size, measured by Mao.Bench
    /// git-blob-memory). Same object, same id either way; a stream of unknown length takes the buffered path.
    /// </summary>
    /// Returned as an id: looking the blob up would read it whole into libgit2's object cache.
    private ObjectId WriteBlob(Stream canonical) =>
        canonical.CanSeek
            ? Repository.ObjectDatabase.Write<Blob>(canonical, canonical.Length - canonical.Position)
            : Repository.ObjectDatabase.CreateBlob(canonical).Id;

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
