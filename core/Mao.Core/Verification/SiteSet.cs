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

    /// <summary>Site indexes in ascending order (that is, by site name); a struct enumerator, so foreach allocates nothing.</summary>
    public IndexList Indexes() => new(Mask);

    public string[] Names(IReadOnlyList<string> sites) => Indexes().Select(i => sites[i]).ToArray();

    /// <summary>The indexes of a <see cref="SiteSet"/>, enumerable without allocation.</summary>
    public readonly struct IndexList(ulong mask) : IEnumerable<int>
    {
        public IndexEnumerator GetEnumerator() => new(mask);

        IEnumerator<int> IEnumerable<int>.GetEnumerator() => GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    public struct IndexEnumerator(ulong mask) : IEnumerator<int>
    {
        private ulong _rest = mask;

        public int Current { get; private set; }

        object System.Collections.IEnumerator.Current => Current;

        public bool MoveNext()
        {
            if (_rest == 0)
            {
                return false;
            }
            Current = BitOperations.TrailingZeroCount(_rest);
            _rest &= _rest - 1;
            return true;
        }

        public void Reset() => throw new NotSupportedException();

        public readonly void Dispose()
        {
        }
    }
}
