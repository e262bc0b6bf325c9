using System.Buffers.Binary;
using LibGit2Sharp;

namespace Mao.Federation.Git;

/// <summary>What one packing did: loose objects found, objects written to the new pack, loose files removed.</summary>
public sealed record PackOutcome(string Tool, int LooseBefore, int Packed, int LooseRemoved, string? Pack);

/// <summary>
/// libgit2 writes every object loose and never packs, so a dataset grows by a zlib file per blob, tree and commit and
/// daily snapshots never delta-compress. <see cref="Pack"/> writes the loose objects into one new pack (libgit2's pack
/// builder, deltas between them) and then removes exactly the loose files the new pack's index lists. Existing packs
/// are left alone: a long-lived <see cref="Repository"/> in this process may still read them, and nothing is lost.
/// </summary>
public sealed partial class DatasetRepository
{
    private string ObjectsDirectory => System.IO.Path.Combine(Repository.Info.Path, "objects");

    /// <summary>Packs the loose objects; a repository without loose objects is left as it is.</summary>
    public PackOutcome Pack()
    {
        lock (_gate)
        {
            var loose = LooseObjects();
            if (loose.Count == 0)
            {
                return new PackOutcome(Tool, 0, 0, 0, null);
            }
            // Written beside objects/ first: readers only look in objects/pack, and the move there is a rename.
            var staging = System.IO.Path.Combine(Repository.Info.Path, "mao-pack-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(staging);
            try
            {
                var written = Repository.ObjectDatabase.Pack(new PackBuilderOptions(staging) { MaximumNumberOfThreads = 1 }, builder =>
                {
                    foreach (var id in loose.Keys)
                    {
                        builder.Add(new ObjectId(id));
                    }
                });
                var index = Directory.GetFiles(staging, "pack-*.idx").Single();
                var pack = System.IO.Path.ChangeExtension(index, ".pack");
                var packed = PackIndexIds(index);
                // Never delete a loose object the new pack does not demonstrably hold.
                if (!File.Exists(pack) || loose.Keys.Any(id => !packed.Contains(id)))
                {
                    throw new IOException($"{Path}: the pack written to {staging} lacks objects it was given ({written.WrittenObjectsCount} of {loose.Count} written)");
                }
                var packDirectory = System.IO.Path.Combine(ObjectsDirectory, "pack");
                Directory.CreateDirectory(packDirectory);
                var target = System.IO.Path.Combine(packDirectory, System.IO.Path.GetFileName(pack));
                if (!File.Exists(System.IO.Path.ChangeExtension(target, ".idx")))
                {
                    // The .pack before its .idx: a reader lists packs by their index, so it never sees half a pack.
                    File.Move(pack, target, overwrite: true);
                    File.Move(index, System.IO.Path.ChangeExtension(target, ".idx"));
                }
                var removed = 0;
                foreach (var file in loose.Values)
                {
                    if (TryDelete(file))
                    {
                        removed++;
                    }
                }
                RemoveEmptyFanoutDirectories();
                return new PackOutcome(Tool, loose.Count, packed.Count, removed, System.IO.Path.GetFileName(target));
            }
            finally
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

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
        var directory = System.IO.Path.Combine(ObjectsDirectory, "pack");
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
