using FsCheck;
using FsCheck.Xunit;
using Mao.Core.Verification;

namespace Mao.Core.Tests.Verification;

public class OrderStatisticsProperties
{
    [Property(MaxTest = 500)]
    public bool KthSmallest_AnyValuesWithDuplicates_EqualsSortingThem(NonEmptyArray<NormalFloat> input, PositiveInt seed)
    {
        // Rounding makes duplicates common, the case a rank count must get right.
        var values = input.Get.Select(v => Math.Round(v.Get % 1000, 1)).ToArray();
        var sorted = values.Order().ToArray();
        var k = seed.Get % values.Length;

        return OrderStatistics.KthSmallest(values, k) == sorted[k];
    }

    [Property(MaxTest = 500)]
    public bool Median_AnyValues_IsTheMiddleOfTheSortedValues(NonEmptyArray<NormalFloat> input)
    {
        var values = input.Get.Select(v => v.Get).ToArray();
        var sorted = values.Order().ToArray();
        var n = sorted.Length;
        var expected = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;

        return OrderStatistics.Median(values) == expected;
    }
}
