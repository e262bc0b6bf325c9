using System.Numerics;

namespace Mao.Core.Verification;

/// <summary>
/// Order statistics of the few values (at most 64 sites) of one field, without allocation. Medians use a rank count:
/// O(n^2) comparisons but branch-free and vectorised, several times faster than sorting 21 noisy values, whose
/// unpredictable branches dominated verification time.
/// </summary>
internal static class OrderStatistics
{
    /// <summary>Median of unsorted values: the middle one, or the mean of the two middle ones.</summary>
    public static double Median(ReadOnlySpan<double> values)
    {
        var n = values.Length;
        return n % 2 == 1 ? KthSmallest(values, n / 2) : (KthSmallest(values, n / 2 - 1) + KthSmallest(values, n / 2)) / 2;
    }

    /// <summary>The value that would be at position <paramref name="k"/> (0-based) if the values were sorted.</summary>
    public static double KthSmallest(ReadOnlySpan<double> values, int k)
    {
        var n = values.Length;
        var width = Vector<double>.Count;
        for (var i = 0; i < n; i++)
        {
            var x = values[i];
            long less = 0, equal = 0;
            var j = 0;
            if (Vector.IsHardwareAccelerated && n >= width)
            {
                var target = new Vector<double>(x);
                var lessCount = Vector<long>.Zero;
                var equalCount = Vector<long>.Zero;
                for (; j <= n - width; j += width)
                {
                    var block = new Vector<double>(values[j..]);
                    // Comparisons yield -1 per true lane.
                    lessCount -= Vector.LessThan(block, target);
                    equalCount -= Vector.Equals(block, target);
                }
                less = Vector.Sum(lessCount);
                equal = Vector.Sum(equalCount);
            }
            for (; j < n; j++)
            {
                less += values[j] < x ? 1 : 0;
                equal += values[j] == x ? 1 : 0;
            }
            // x fills sorted positions [less, less + equal).
            if (less <= k && k < less + equal)
            {
                return x;
            }
        }
        throw new ArgumentOutOfRangeException(nameof(k), k, $"no position {k} among {n} finite values");
    }
}
