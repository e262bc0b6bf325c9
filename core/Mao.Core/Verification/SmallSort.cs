namespace Mao.Core.Verification;

/// <summary>Insertion sort and median for the few values (at most 64 sites) of one field: no allocation, no delegate.</summary>
internal static class SmallSort
{
    public static void Sort(Span<double> values)
    {
        for (var i = 1; i < values.Length; i++)
        {
            var x = values[i];
            var j = i - 1;
            while (j >= 0 && values[j] > x)
            {
                values[j + 1] = values[j];
                j--;
            }
            values[j + 1] = x;
        }
    }

    /// <summary>Median of already sorted values: the middle one, or the mean of the two middle ones.</summary>
    public static double MedianOfSorted(ReadOnlySpan<double> sorted)
    {
        var n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /// <summary>Median, sorting <paramref name="scratch"/> (a copy of the values) in place.</summary>
    public static double Median(ReadOnlySpan<double> values, Span<double> scratch)
    {
        var copy = scratch[..values.Length];
        values.CopyTo(copy);
        Sort(copy);
        return MedianOfSorted(copy);
    }

    /// <summary>
    /// Median of |x - median| over sorted values in O(n): the deviations grow outwards from the median on both sides,
    /// so merging the two sides yields them in order without sorting.
    /// </summary>
    public static double MedianDeviationOfSorted(ReadOnlySpan<double> sorted, double median)
    {
        var n = sorted.Length;
        var right = 0;
        while (right < n && sorted[right] <= median) right++;
        var left = right - 1;
        double previous = 0, current = 0;
        for (var taken = 0; taken <= n / 2; taken++)
        {
            previous = current;
            if (right >= n || (left >= 0 && median - sorted[left] <= sorted[right] - median))
            {
                current = median - sorted[left--];
            }
            else
            {
                current = sorted[right++] - median;
            }
        }
        return n % 2 == 1 ? current : (previous + current) / 2;
    }
}
