using System.Numerics;

namespace Mao.Core.Verification;

/// <summary>
/// A set of sites of one verification, as a bit mask over the sites sorted by name: support and dissent lists cost
/// one word per field instead of a list, which keeps millions of verdicts cheap. Hence at most 64 sites per run.
/// </summary>
public readonly record struct SiteSet(ulong Mask)
{
    public const int Capacity = 64;

    public static SiteSet Empty => default;

    public int Count => BitOperations.PopCount(Mask);

    public bool IsEmpty => Mask == 0;

    public bool Contains(int site) => (Mask & (1UL << site)) != 0;

    public SiteSet With(int site) => new(Mask | (1UL << site));

    public SiteSet Union(SiteSet other) => new(Mask | other.Mask);

    public SiteSet Except(SiteSet other) => new(Mask & ~other.Mask);

    /// <summary>Lowest site index in the set, or -1.</summary>
    public int First => Mask == 0 ? -1 : BitOperations.TrailingZeroCount(Mask);

    /// <summary>Highest site index in the set, or -1.</summary>
    public int Last => Mask == 0 ? -1 : 63 - BitOperations.LeadingZeroCount(Mask);

    /// <summary>Site indexes in ascending order (that is, by site name).</summary>
    public IEnumerable<int> Indexes()
    {
        var rest = Mask;
        while (rest != 0)
        {
            yield return BitOperations.TrailingZeroCount(rest);
            rest &= rest - 1;
        }
    }

    public string[] Names(IReadOnlyList<string> sites) => Indexes().Select(i => sites[i]).ToArray();
}
