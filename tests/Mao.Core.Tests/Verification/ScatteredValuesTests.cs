using Mao.Core.Verification;
using static Mao.Core.Tests.Verification.Snapshots;

namespace Mao.Core.Tests.Verification;

/// <summary>No exact agreement and no majority within one tolerance: the mean of all values, gross outliers set aside.</summary>
public class ScatteredValuesTests
{
    [Fact]
    public void Decide_ScatteredValuesWithoutAgreement_KeepsThemAllAsTheMean()
    {
        double[] values = [700, 820, 1000, 1180, 1300, 1450];

        var verdict = Single(null, OneNumberPerSite(values));

        Assert.Equal(values.Average(), verdict.Value.Number, 9);
        Assert.True(verdict.Dissent.IsEmpty);
        Assert.False(verdict.Contested);
    }

    [Fact]
    public void Decide_ScatteredTailThatTheMadBandCuts_IsKept()
    {
        // Median 1000, MAD 65: the MAD band (3 x 1.4826 x 65 = 289) cuts 700 and 1300, though no two values agree within 5 %.
        double[] values = [700, 880, 940, 1000, 1060, 1065, 1300];

        var verdict = Single(null, OneNumberPerSite(values));
        var medianOnly = Single(new VotePolicy { ExactAgreement = 0 }, OneNumberPerSite(values));

        Assert.Equal(values.Average(), verdict.Value.Number, 9);
        Assert.True(verdict.Dissent.IsEmpty);
        Assert.Equal(2, medianOnly.Dissent.Count);
    }

    [Fact]
    public void Decide_GrossOutlierAmongScatteredValues_IsSetAsideAndNamed()
    {
        var verdict = Single(null, OneNumberPerSite(700, 820, 1000, 1180, 1300, 1_000_000));

        Assert.Equal(1000, verdict.Value.Number, 9);
        Assert.Equal(["s6"], verdict.Dissent.Names());
    }

    [Fact]
    public void Decide_MajorityWithinOneTolerance_TheMadBandStillDecides()
    {
        // 980-1020 is a coherent seven of nine within 5 % (MAD 15, band 67, wider than the tolerance): 700 and 1300 are
        // outliers to it, not tails of a scatter.
        var verdict = Single(null, OneNumberPerSite(700, 980, 985, 1000, 1010, 1020, 1300, 990, 1005));

        Assert.Equal(6990.0 / 7, verdict.Value.Number, 9);
        Assert.Equal(["s1", "s7"], verdict.Dissent.Names());
    }
}
