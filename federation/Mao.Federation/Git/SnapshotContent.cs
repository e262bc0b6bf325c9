using LibGit2Sharp;
using Mao.Core;

namespace Mao.Federation.Git;

/// <summary>
/// A snapshot as a commit holds it: the part blobs of its folder (<see cref="SnapshotParts"/>), or the one file of the
/// layout before parts (<c>snapshot.jsonl</c>, <c>periods/&lt;period&gt;.jsonl</c>), which stays readable. Read as one
/// stream, the parts in order are the canonical bytes, so the content id is the same in either layout.
/// </summary>
public sealed class SnapshotContent
{
    private readonly Repository _repository;

    private SnapshotContent(Repository repository, string path, IReadOnlyList<ObjectId> parts)
    {
        _repository = repository;
        Path = path;
        Parts = parts;
    }

    /// <summary>The folder of parts, or the single file, in the commit.</summary>
    public string Path { get; }

    public IReadOnlyList<ObjectId> Parts { get; }

    /// <summary>The path a commit holds its snapshot at: <paramref name="folder"/> when it is a folder there, else the older single file.</summary>
    public static string PathIn(Commit commit, string folder, string singleFile) =>
        commit[folder]?.TargetType == TreeEntryTargetType.Tree ? folder : singleFile;

    /// <summary>
    /// The snapshot at <paramref name="path"/> of the commit; null when there is nothing there. A folder must hold parts
    /// 0..n-1 (<c>part-&lt;digits&gt;.jsonl</c>) and nothing else: a missing or foreign entry is a clear error, not a shorter snapshot.
    /// </summary>
    public static SnapshotContent? Find(Repository repository, Commit commit, string path)
    {
        var where = $"{repository.Info.Path} commit {commit.Sha} {path}";
        switch (commit[path]?.Target)
        {
            case Blob blob:
                return new SnapshotContent(repository, path, [blob.Id]);
            case Tree tree:
                var parts = new SortedDictionary<int, ObjectId>();
                foreach (var entry in tree)
                {
                    if (entry.TargetType != TreeEntryTargetType.Blob || SnapshotParts.IndexOf(entry.Name) is not { } index || !parts.TryAdd(index, entry.Target.Id))
                    {
                        throw new MaoFormatException(where, $"'{entry.Name}' is not a snapshot part (part-<digits>.jsonl, one file each)");
                    }
                }
                if (parts.Count == 0 || parts.Keys.Last() != parts.Count - 1)
                {
                    var missing = Enumerable.Range(0, parts.Count == 0 ? 1 : parts.Keys.Last() + 1).First(i => !parts.ContainsKey(i));
                    throw new MaoFormatException(where, $"{SnapshotParts.PartName(missing)} is missing");
                }
                return new SnapshotContent(repository, path, [.. parts.Values]);
            default:
                return null;
        }
    }

    /// <summary>The snapshot's size in bytes, from the objects' headers (no part is read whole).</summary>
    public long Size() => Parts.Sum(id => _repository.ObjectDatabase.RetrieveObjectMetadata(id).Size);

    /// <summary>The parts one after the other; one part is open at a time, each opened under <paramref name="gate"/> when given.</summary>
    public Stream Open(Lock? gate = null) => new PartsStream(_repository, Parts, gate);

    private sealed class PartsStream(Repository repository, IReadOnlyList<ObjectId> parts, Lock? gate) : Stream
    {
        private int _next;
        private Stream? _current;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (buffer.IsEmpty)
            {
                return 0;
            }
            while (true)
            {
                if (_current is null)
                {
                    if (_next == parts.Count)
                    {
                        return 0;
                    }
                    _current = OpenPart(parts[_next++]);
                }
                var read = _current.Read(buffer);
                if (read > 0)
                {
                    return read;
                }
                _current.Dispose();
                _current = null;
            }
        }

        private Stream OpenPart(ObjectId id)
        {
            if (gate is null)
            {
                return ContentOf(id);
            }
            lock (gate)
            {
                return ContentOf(id);
            }
        }

        private Stream ContentOf(ObjectId id) =>
            (repository.Lookup<Blob>(id) ?? throw new IOException($"{repository.Info.Path}: snapshot part {id.Sha} is missing")).GetContentStream();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _current?.Dispose();
                _current = null;
            }
            base.Dispose(disposing);
        }
    }
}
