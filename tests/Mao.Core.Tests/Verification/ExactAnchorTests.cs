using Mao.Core.Verification;
using static Mao.Core.Tests.Verification.Snapshots;

namespace Mao.Core.Tests.Verification;

public class ExactAnchorTests
{
    [Fact]
    public void Decide_HonestPluralityAgreesExactly_AnchorsOnItAndNamesTheScatteredSites()
    {
        // 4 exact honest values, 5 scattered faulty ones: the median/MAD band would keep most of the faulty values.
        var verdict = Single(null, OneNumberPerSite(1000, 1000, 1000, 1000, 700, 820, 1180, 1300, 1450));

        Assert.Equal(1000, verdict.Value.Number);
        Assert.Equal(["s1", "s2", "s3", "s4"], verdict.Support.Names());
        Assert.Equal(5, verdict.Dissent.Count);
        Assert.True(verdict.Contested, "4 of 9 is below the quorum: shown, but contested");
    }

    [Fact]
    public void Decide_AnchoringOff_MedianAloneKeepsTheScatteredValues()
    {
        var verdict = Single(new VotePolicy { ExactAgreement = 0 }, OneNumberPerSite(1000, 1000, 1000, 1000, 700, 820, 1180, 1300, 1450));

        Assert.NotEqual(1000, verdict.Value.Number);
    }

    [Fact]
    public void Decide_TwoExactGroupsOfTwo_TieIsFlagged()
    {
        var verdict = Single(null, OneNumberPerSite(100, 100, 300, 300));

        Assert.True(verdict.Flags.HasFlag(VerdictFlags.Tie));
        Assert.True(verdict.Contested);
    }

    [Fact]
    public void Decide_TwoIdenticalLiesAgainstHonestJitter_HonestWinsLiarsNamed()
    {
        var verdict = Single(null, OneNumberPerSite(1001.5, 998.2, 1000.4, 999.1, 1500, 1500, 1003.3));

        Assert.InRange(verdict.Value.Number, 998, 1004);
        Assert.Equal(["s5", "s6"], verdict.Dissent.Names());
        Assert.False(verdict.Contested);
    }
}
