using System.Globalization;
using System.Text;
using LibGit2Sharp;
using Mao.Core.Serialization;
using Mao.Federation.Git;
using Mao.Testing;
using static Mao.Federation.Tests.Git.GitTestData;

namespace Mao.Federation.Tests.Git;

/// <summary>
/// A snapshot is committed as part blobs cut at record ends by its content alone; read back as one stream (by us and by
/// real git) the parts are the canonical bytes, so blob ids, content ids and cuts can be checked against git and sha256.
/// </summary>
public sealed class SnapshotPartsTests : IDisposable
{
    /// <summary>Small parts so that a few hundred records span many of them.</summary>
    private static readonly SnapshotParts Small = new(2048, 4096, 12288);

    private readonly TempFolder _root = new("mao-snapshot-parts");

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void CommitSnapshot_ManyParts_EachEndsAtARecord_TheirConcatenationIsTheSnapshot(bool seekable)
    {
        using var repository = DatasetRepository.OpenOrInit(_root.Path, "dockerhub-arch", Small);
        var snapshot = TestSnapshots.Make(observedAt: Day0, records: 1500);
        var bytes = SnapshotJsonLines.ToBytes(snapshot);

        repository.CommitSnapshot(seekable ? new MemoryStream(bytes) : new ForwardOnlyStream(new MemoryStream(bytes)), Entry(snapshot));

        var parts = GitRepositories.Git(repository.Path, "ls-tree", "sites/site-a:snapshot").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => (Id: l.Split(' ', '\t')[2], Name: l.Split('\t')[1])).ToList();
        Assert.True(parts.Count >= 5, $"{parts.Count} parts of {bytes.Length} bytes");
        Assert.Equal(Enumerable.Range(0, parts.Count).Select(SnapshotParts.PartName), parts.Select(p => p.Name));
        var longestLine = Encoding.UTF8.GetString(bytes).Split('\n').Max(l => l.Length + 1);
        var joined = new List<byte>();
        for (var i = 0; i < parts.Count; i++)
        {
            var part = Encoding.UTF8.GetBytes(GitRepositories.Git(repository.Path, "cat-file", "blob", parts[i].Id)); // ASCII records
            Assert.Equal((byte)'\n', part[^1]); // a cut never splits a record
            Assert.True(part.Length <= Small.MaxBytes + longestLine, $"part {i}: {part.Length} bytes");
            Assert.True(i == parts.Count - 1 || part.Length >= Small.MinBytes, $"part {i}: {part.Length} bytes");
            // The id is git's own for the bytes that lie there in the canonical form.
            var slice = _root.Combine($"slice-{i}");
            File.WriteAllBytes(slice, bytes.AsSpan(joined.Count, part.Length));
            Assert.Equal(GitRepositories.Git(_root.Path, "hash-object", slice).Trim(), parts[i].Id);
            joined.AddRange(part);
        }
        Assert.Equal(bytes, joined.ToArray());
        Assert.Equal(snapshot.ContentId, ContentId.Of(joined.ToArray()));
        using var read = repository.OpenSnapshot(Assert.Single(repository.History("sites/site-a")));
        using var copy = new MemoryStream();
        read.CopyTo(copy);
        Assert.Equal(bytes, copy.ToArray());
        GitRepositories.Git(repository.Path, "fsck", "--strict", "--no-dangling");
    }

    [Fact]
    public void Write_OneRecordChangedOrAdded_OnlyThePartsAroundItChange()
    {
        using var git = new Repository(Repository.Init(_root.Combine("cuts.git"), isBare: true));
        var random = new Random(5);
        var lines = Enumerable.Range(0, 3000).Select(i => $"{{\"key\":\"k{i:D5}\",\"v\":\"{new string('x', random.Next(20, 300))}\"}}\n").ToList();
        var before = Small.Write(git.ObjectDatabase, Stream(lines));

        var changed = lines.ToList();
        changed[1500] = changed[1500].Replace("\"v\":\"x", "\"v\":\"changed-x", StringComparison.Ordinal);
        var inserted = lines.ToList();
        inserted.Insert(700, "{\"key\":\"k00699a\",\"v\":\"new\"}\n");
        var removed = lines.ToList();
        removed.RemoveAt(2200);

        Assert.True(before.Count >= 40, $"{before.Count} parts");
        foreach (var (name, variant) in new[] { ("changed", changed), ("inserted", inserted), ("removed", removed) })
        {
            var after = Small.Write(git.ObjectDatabase, Stream(variant));
            var fresh = after.Count(id => !before.Contains(id));
            Assert.True(fresh is >= 1 and <= 2, $"{name}: {fresh} of {after.Count} parts are new (a position-based cut would renew all after the change)");
            Assert.True(Math.Abs(after.Count - before.Count) <= 1, $"{name}: {before.Count} -> {after.Count} parts");
        }
        Assert.Equal(before, Small.Write(git.ObjectDatabase, Stream(lines))); // the same bytes cut the same way
    }

    [Fact]
    public void Write_EmptyAndUnterminated_OneEmptyPart_LastPartKeepsTheTail()
    {
        using var git = new Repository(Repository.Init(_root.Combine("edges.git"), isBare: true));
        var empty = _root.Combine("empty");
        File.WriteAllBytes(empty, []);

        var none = Small.Write(git.ObjectDatabase, new MemoryStream());
        var tail = Small.Write(git.ObjectDatabase, new MemoryStream("{\"key\":\"a\"}\n{\"key\":\"b\"}"u8.ToArray()));

        Assert.Equal(GitRepositories.Git(_root.Path, "hash-object", empty).Trim(), Assert.Single(none).Sha);
        Assert.Equal("{\"key\":\"a\"}\n{\"key\":\"b\"}", git.Lookup<Blob>(Assert.Single(tail)).GetContentText());
    }

    [Fact]
    public void OpenSnapshot_FolderWithAPartMissingOrAForeignFile_ErrorNamesCommitAndPart()
    {
        using var repository = DatasetRepository.OpenOrInit(_root.Path, "dockerhub-arch", Small);
        var snapshot = TestSnapshots.Make(observedAt: Day0, records: 600);
        Commit(repository, snapshot);
        Commit damaged;
        using (var git = new Repository(repository.Path))
        {
            var tip = git.Branches["sites/site-a"].Tip;
            var tree = TreeDefinition.From(tip.Tree).Remove("snapshot/part-00001.jsonl");
            damaged = git.ObjectDatabase.CreateCommit(tip.Author, tip.Committer, tip.Message, git.ObjectDatabase.CreateTree(tree), [tip], prettifyMessage: false);
            git.Refs.UpdateTarget("refs/heads/sites/site-a", damaged.Sha);
        }

        var error = Assert.Throws<Mao.Core.MaoFormatException>(() => repository.OpenSnapshot(repository.History("sites/site-a")[^1]));

        Assert.Contains(damaged.Sha, error.Message, StringComparison.Ordinal);
        Assert.Contains("part-00001.jsonl is missing", error.Message, StringComparison.Ordinal);
    }

    private static MemoryStream Stream(IEnumerable<string> lines) => new(Encoding.UTF8.GetBytes(string.Concat(lines)));

    public void Dispose() => _root.Dispose();
}
