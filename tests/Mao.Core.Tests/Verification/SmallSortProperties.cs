using FsCheck;
using FsCheck.Xunit;
using Mao.Core.Verification;

namespace Mao.Core.Tests.Verification;

public class SmallSortProperties
{
    [Property(MaxTest = 500)]
    public bool MedianDeviationOfSorted_AnyValues_EqualsSortingTheDeviations(NonEmptyArray<NormalFloat> input)
    {
        var values = input.Get.Select(v => v.Get).ToArray();
        SmallSort.Sort(values);
        var median = SmallSort.MedianOfSorted(values);
        var deviations = values.Select(v => Math.Abs(v - median)).Order().ToArray();

        return SmallSort.MedianDeviationOfSorted(values, median) == SmallSort.MedianOfSorted(deviations)
               && values.SequenceEqual(values.Order());
    }
}
