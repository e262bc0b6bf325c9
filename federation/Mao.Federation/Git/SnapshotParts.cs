using LibGit2Sharp;

namespace Mao.Federation.Git;

/// <summary>
/// How a snapshot is cut into part blobs (<c>part-00000.jsonl</c>, <c>part-00001.jsonl</c>, ... in one folder) so that
/// libgit2 never holds more than a few parts at once: its pack builder (push, <see cref="DatasetRepository.Pack"/>) reads
/// every object it packs whole. Cuts fall only after a record's newline and depend on the content alone: after a line,
/// once the part has <see cref="MinBytes"/>, it ends there when the line's hash (FNV-1a with MurmurHash3's finalizer) modulo <see cref="TargetBytes"/>
/// is below the line's length (so a part averages about MinBytes + TargetBytes whatever the record size), and at the
/// latest after the line that reaches <see cref="MaxBytes"/>. A record added or removed changes the part holding it
/// (rarely the next few, until the cuts fall in step again); the other parts keep their bytes and so their blob ids.
/// </summary>
public sealed record SnapshotParts(int MinBytes, int TargetBytes, int MaxBytes)
{
    /// <summary>About 2.5 MB a part; a part is held in memory while it is written (at most MaxBytes plus one record).</summary>
    public static readonly SnapshotParts Default = new(512 << 10, 2 << 20, 8 << 20);

    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;

    public static string PartName(int index) => $"part-{index:D5}.jsonl";

    /// <summary>The part's index when <paramref name="name"/> is a part file name (part-&lt;digits&gt;.jsonl), else null.</summary>
    public static int? IndexOf(string name) =>
        name.StartsWith("part-", StringComparison.Ordinal) && name.EndsWith(".jsonl", StringComparison.Ordinal)
        && name.Length > "part-.jsonl".Length && name["part-".Length..^".jsonl".Length].All(char.IsAsciiDigit)
        && int.TryParse(name["part-".Length..^".jsonl".Length], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index)
            ? index
            : null;

    /// <summary>
    /// Writes the stream's bytes from its position on as part blobs, in order; an empty stream gives one empty part.
    /// Each part is written with its size known (<c>Write&lt;Blob&gt;(stream, size)</c>, deflated as it is read).
    /// </summary>
    public IReadOnlyList<ObjectId> Write(ObjectDatabase objects, Stream canonical)
    {
        if (MinBytes < 1 || TargetBytes < 1 || MaxBytes < MinBytes)
        {
            throw new ArgumentException($"snapshot parts need 1 <= MinBytes <= MaxBytes and TargetBytes >= 1 (got {MinBytes}, {TargetBytes}, {MaxBytes})");
        }
        var ids = new List<ObjectId>();
        using var part = new MemoryStream();
        var buffer = new byte[81920];
        var hash = FnvOffset;
        long lineLength = 0;
        int read;
        while ((read = canonical.Read(buffer, 0, buffer.Length)) > 0)
        {
            var start = 0;
            for (var i = 0; i < read; i++)
            {
                var b = buffer[i];
                hash = (hash ^ b) * FnvPrime;
                lineLength++;
                if (b != (byte)'\n')
                {
                    continue;
                }
                var length = part.Length + i + 1 - start;
                if (length >= MaxBytes || (length >= MinBytes && Mix(hash) % (ulong)TargetBytes < (ulong)lineLength))
                {
                    part.Write(buffer, start, i + 1 - start);
                    start = i + 1;
                    ids.Add(WritePart(objects, part));
                }
                hash = FnvOffset;
                lineLength = 0;
            }
            part.Write(buffer, start, read - start);
        }
        if (part.Length > 0 || ids.Count == 0)
        {
            ids.Add(WritePart(objects, part));
        }
        return ids;
    }

    /// <summary>MurmurHash3's finalizer: FNV-1a's low bits mix poorly, and the modulo reads them.</summary>
    private static ulong Mix(ulong h)
    {
        h = (h ^ (h >> 33)) * 0xff51afd7ed558ccdUL;
        h = (h ^ (h >> 33)) * 0xc4ceb9fe1a85ec53UL;
        return h ^ (h >> 33);
    }

    private static ObjectId WritePart(ObjectDatabase objects, MemoryStream part)
    {
        part.Position = 0;
        var id = objects.Write<Blob>(part, part.Length);
        part.SetLength(0);
        return id;
    }
}
