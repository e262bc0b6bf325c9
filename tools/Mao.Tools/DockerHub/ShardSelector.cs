using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Mao.Tools.DockerHub;

/// <summary>
/// Splits repositories among sites by a stable hash of the repository name (SHA-256, so every site and every
/// run agrees). Shard i of n owns the hash range [i/n, (i+1)/n) and also the next <c>overlap</c> share of the
/// ring, so with overlap o a share of about n·o of all repositories is crawled by two sites and can be verified.
/// </summary>
public sealed class ShardSelector
{
    private readonly double _start;
    private readonly double _length;

    public ShardSelector(int index, int count, double overlap)
    {
        if (count < 1 || index < 0 || index >= count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"shard {index} of {count}: need 0 <= index < count");
        }
        if (overlap < 0 || overlap > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(overlap), overlap, "overlap is a share of the ring between 0 and 1");
        }
        _start = (double)index / count;
        _length = Math.Min(1.0, 1.0 / count + overlap);
    }

    public static ShardSelector All { get; } = new(0, 1, 0);

    /// <summary>Position of a repository on the ring, in [0, 1).</summary>
    public static double Position(string repository)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(repository), hash);
        return (BinaryPrimitives.ReadUInt64BigEndian(hash) >> 11) * (1.0 / (1UL << 53));
    }

    public bool Owns(string repository)
    {
        if (_length >= 1.0)
        {
            return true;
        }
        var offset = Position(repository) - _start;
        if (offset < 0)
        {
            offset += 1.0;
        }
        return offset < _length;
    }
}
