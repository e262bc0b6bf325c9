using System.Buffers.Binary;
using LibGit2Sharp;

namespace Mao.Federation.Git;

/// <summary>
/// What one packing did: loose objects found, objects written to the new pack, loose files removed, and how many
/// packs were merged into one because there were more than the limit (0: none).
/// </summary>
public sealed record PackOutcome(string Tool, int LooseBefore, int Packed, int LooseRemoved, string? Pack, int PacksMerged = 0, string? MergedInto = null);

/// <summary>
/// libgit2 writes every object loose and never packs, so a dataset grows by a zlib file per blob, tree and commit and
/// daily snapshots never delta-compress. <see cref="Pack"/> writes the loose objects into one new pack (libgit2's pack
/// builder; whole objects, see <see cref="PackLimits"/>) and then removes exactly the loose files the new pack's index
/// lists. Each packing adds a pack; when there are more than a limit, all of them are merged into one (every object of
/// every pack, each part deltified against its earlier versions, written and checked first), and only then are the old
/// packs removed. A long-lived <see cref="Repository"/> in this process may
/// still read an old pack: one it has open keeps its open file (removing a file does not take it from a reader that
/// holds it), and one it has not opened yet is skipped, so libgit2 rescans objects/pack and finds the merged pack.
/// </summary>
public sealed partial class DatasetRepository
{
    /// <summary>Packs a dataset keeps before they are merged into one.</summary>
    public const int DefaultMaxPacks = 8;

    private string ObjectsDirectory => System.IO.Path.Combine(Repository.Info.Path, "objects");

    private string PackDirectory => System.IO.Path.Combine(ObjectsDirectory, "pack");

    /// <summary>
    /// Packs the loose objects (a repository without loose objects is left as it is), then merges the packs into one
    /// when there are more than <paramref name="maxPacks"/>.
    /// </summary>
    public PackOutcome Pack(int maxPacks = DefaultMaxPacks)
    {
        if (maxPacks < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxPacks), maxPacks, $"{Path}: a dataset keeps at least one pack");
        }
        lock (_gate)
        {
            PackLimits.Whole(Repository);
            var outcome = PackLoose();
            var packs = Packs().Where(p => !File.Exists(System.IO.Path.ChangeExtension(p, ".keep"))).ToList(); // git's "keep this pack" marker
            if (packs.Count <= maxPacks)
            {
                return outcome;
            }
            var merged = MergePacks(packs);
            return outcome with { PacksMerged = packs.Count, MergedInto = merged };
        }
    }

    private PackOutcome PackLoose()
    {
        var loose = LooseObjects();
        if (loose.Count == 0)
        {
            return new PackOutcome(Tool, 0, 0, 0, null);
        }
        var (index, packed) = WritePack([.. loose.Keys], builder =>
        {
            foreach (var id in loose.Keys)
            {
                builder.Add(new ObjectId(id));
            }
        });
        var removed = 0;
        foreach (var file in loose.Values)
        {
            if (TryDelete(file))
            {
                removed++;
            }
        }
        RemoveEmptyFanoutDirectories();
        return new PackOutcome(Tool, loose.Count, packed.Count, removed, PackName(index));
    }

    /// <summary>Writes every object of <paramref name="packs"/> into one pack, then removes them; returns the new pack's name.</summary>
    private string MergePacks(IReadOnlyList<string> packs)
    {
        var held = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pack in packs)
        {
            held.UnionWith(PackIndexIds(pack));
        }
        PackLimits.Deltified(Repository);
        var (index, _) = WritePack(held, builder =>
        {
            // Commits with their trees first: a tree gives its entries' names, and the pack builder deltifies objects of
            // the same name against each other (a snapshot part against its earlier versions).
            foreach (var commit in Repository.Commits.QueryBy(new CommitFilter { IncludeReachableFrom = Repository.Refs }))
            {
                builder.AddRecursively(commit);
            }
            foreach (var id in held)
            {
                builder.Add(new ObjectId(id)); // once each: what the walk added already is skipped
            }
        });
        foreach (var old in packs.Where(p => p != index))
        {
            // The index first: readers list packs by their index, so no reader finds a pack whose data is gone.
            if (TryDelete(old))
            {
                foreach (var extension in new[] { ".pack", ".rev" })
                {
                    var sibling = System.IO.Path.ChangeExtension(old, extension);
                    if (File.Exists(sibling))
                    {
                        TryDelete(sibling);
                    }
                }
            }
        }
        return PackName(index);
    }

    /// <summary>
    /// Writes a pack of what <paramref name="add"/> adds, staged beside objects/ (readers only look in objects/pack, and
    /// the move there is a rename), and moves it in only when its index lists every id of <paramref name="required"/>.
    /// Returns the index's path in objects/pack and the ids it lists.
    /// </summary>
    private (string Index, HashSet<string> Ids) WritePack(IReadOnlyCollection<string> required, Action<PackBuilder> add)
    {
        var staging = System.IO.Path.Combine(Repository.Info.Path, "mao-pack-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(staging);
        try
        {
            var written = Repository.ObjectDatabase.Pack(new PackBuilderOptions(staging) { MaximumNumberOfThreads = 1 }, add);
            var index = Directory.GetFiles(staging, "pack-*.idx").Single();
            var pack = System.IO.Path.ChangeExtension(index, ".pack");
            var ids = PackIndexIds(index);
            // Never delete an object the new pack does not demonstrably hold.
            if (!File.Exists(pack) || required.Any(id => !ids.Contains(id)))
            {
                throw new IOException($"{Path}: the pack written to {staging} lacks objects it was given ({written.WrittenObjectsCount} written, {required.Count} required)");
            }
            Directory.CreateDirectory(PackDirectory);
            var target = System.IO.Path.Combine(PackDirectory, System.IO.Path.GetFileName(index));
            if (!File.Exists(target))
            {
                // The .pack before its .idx: a reader lists packs by their index, so it never sees half a pack.
                File.Move(pack, System.IO.Path.ChangeExtension(target, ".pack"), overwrite: true);
                File.Move(index, target);
            }
            return (target, ids);
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    private static string PackName(string index) => System.IO.Path.GetFileName(System.IO.Path.ChangeExtension(index, ".pack"));

    /// <summary>Loose objects by id: objects/xx/yyyy... (2 + 38 hex digits, SHA-1 repositories).</summary>
    public IReadOnlyDictionary<string, string> LooseObjects()
    {
        var loose = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var directory in Directory.EnumerateDirectories(ObjectsDirectory).Where(d => IsHex(System.IO.Path.GetFileName(d), 2)))
        {
            foreach (var file in Directory.EnumerateFiles(directory).Where(f => IsHex(System.IO.Path.GetFileName(f), 38)))
            {
                loose[System.IO.Path.GetFileName(directory) + System.IO.Path.GetFileName(file)] = file;
            }
        }
        return loose;
    }

    /// <summary>The pack files (.pack with its .idx) in objects/pack.</summary>
    public IReadOnlyList<string> Packs()
    {
        var directory = PackDirectory;
        return Directory.Exists(directory)
            ? Directory.GetFiles(directory, "pack-*.idx").Where(i => File.Exists(System.IO.Path.ChangeExtension(i, ".pack"))).Order(StringComparer.Ordinal).ToList()
            : [];
    }

    /// <summary>The object ids a version 2 pack index lists (git's format: magic, version, 256 fan-out counts, sorted ids).</summary>
    internal static HashSet<string> PackIndexIds(string indexPath)
    {
        var bytes = File.ReadAllBytes(indexPath);
        const int header = 8, fanout = 256 * 4, idLength = 20;
        if (bytes.Length < header + fanout || BinaryPrimitives.ReadUInt32BigEndian(bytes) != 0xff744f63 || BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(4)) != 2)
        {
            throw new IOException($"{indexPath} is not a version 2 pack index");
        }
        var count = (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(header + 255 * 4));
        if (bytes.Length < header + fanout + count * idLength)
        {
            throw new IOException($"{indexPath} is truncated");
        }
        var ids = new HashSet<string>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            ids.Add(Convert.ToHexStringLower(bytes, header + fanout + i * idLength, idLength));
        }
        return ids;
    }

    private static bool TryDelete(string file)
    {
        try
        {
            File.SetAttributes(file, FileAttributes.Normal); // libgit2 writes objects read-only; Windows refuses to delete those
            File.Delete(file);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // still packed; the next packing tries again
        }
    }

    private void RemoveEmptyFanoutDirectories()
    {
        foreach (var directory in Directory.EnumerateDirectories(ObjectsDirectory).Where(d => IsHex(System.IO.Path.GetFileName(d), 2)))
        {
            if (!Directory.EnumerateFileSystemEntries(directory).Any())
            {
                try
                {
                    Directory.Delete(directory);
                }
                catch (IOException)
                {
                    // a writer just put an object there
                }
            }
        }
    }

    private static bool IsHex(string name, int length) => name.Length == length && name.All(char.IsAsciiHexDigitLower);
}
