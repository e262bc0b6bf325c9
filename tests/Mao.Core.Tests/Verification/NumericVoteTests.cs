using Mao.Core.Verification;
using static Mao.Core.Tests.Verification.Snapshots;

namespace Mao.Core.Tests.Verification;

public class NumericVoteTests
{
    [Fact]
    public void Decide_AgreeingSites_ReportsMeanMinMaxMedianStdDevAndExtremeSites()
    {
        var verdict = Single(null, OneNumberPerSite(10, 11, 12, 13));

        Assert.Equal(11.5, verdict.Value.Number, 12);
        var stats = verdict.Stats!.Value;
        Assert.Equal((10.0, 13.0, 11.5, 4), (stats.Min, stats.Max, stats.Median, stats.Count));
        Assert.Equal(Math.Sqrt(5.0 / 3), stats.StdDev, 12);
        Assert.Equal(["s1"], stats.MinSites.Names());
        Assert.Equal(["s4"], stats.MaxSites.Names());
        Assert.True(verdict.Dissent.IsEmpty);
        Assert.False(verdict.Contested);
    }

    [Fact]
    public void Decide_ThreeSitesOneLiar_LiarExcludedAndNamed()
    {
        var verdict = Single(null, OneNumberPerSite(100, 1_000_000, 102));

        Assert.Equal(101, verdict.Value.Number, 12);
        Assert.Equal(["s1", "s3"], verdict.Support.Names());
        Assert.Equal(["s2"], verdict.Dissent.Names());
        Assert.Equal(2.0 / 3, verdict.Agreement, 12);
        Assert.False(verdict.Contested);
    }

    [Fact]
    public void Decide_ExclusionNone_LiarDragsTheMean()
    {
        var verdict = Single(new VotePolicy { Exclusion = ExclusionKind.None }, OneNumberPerSite(100, 1000, 100));

        Assert.Equal(400, verdict.Value.Number, 9);
        Assert.True(verdict.Dissent.IsEmpty);
    }

    [Fact]
    public void Decide_OutsideSigmaWithFewSites_CannotExcludeTheLiar()
    {
        // With n values one of them is at most (n-1)/sqrt(n) sigma from the mean: 3 sigma needs 11+ sites.
        var verdict = Single(new VotePolicy { Exclusion = ExclusionKind.OutsideSigma }, OneNumberPerSite(100, 1000, 100));

        Assert.Equal(400, verdict.Value.Number, 9);
    }

    [Fact]
    public void Decide_OutsideSigmaWithManySites_ExcludesTheLiar()
    {
        var values = Enumerable.Repeat(100.0, 14).Append(5000).ToArray();
        var verdict = Single(new VotePolicy { Exclusion = ExclusionKind.OutsideSigma }, OneNumberPerSite(values));

        Assert.Equal(100, verdict.Value.Number, 9);
        Assert.Equal(1, verdict.Dissent.Count);
        Assert.Equal(14, verdict.Support.Count);
    }

    [Fact]
    public void Decide_Furthest_DropsOnlyValuesBeyondTolerance()
    {
        var policy = new VotePolicy { Exclusion = ExclusionKind.Furthest };

        var split = Single(policy, OneNumberPerSite(100, 150, 101));
        var unanimous = Single(policy, OneNumberPerSite(7, 7, 7));

        Assert.Equal(["s2"], split.Dissent.Names());
        Assert.Equal(100.5, split.Value.Number, 12);
        Assert.True(unanimous.Dissent.IsEmpty);
    }

    [Fact]
    public void Decide_MeanNearestNeighbor_ReturnsAReportedValue()
    {
        var verdict = Single(new VotePolicy { Collation = CollationKind.MeanNearestNeighbor }, OneNumberPerSite(10, 11, 13));

        Assert.Equal(11, verdict.Value.Number);
    }

    [Fact]
    public void Decide_MajorityExactlyEqual_SmallHonestDeviationWithinRelativeToleranceIsKept()
    {
        // MAD is 0 here; the relative tolerance (5 %) keeps 102 while 150 is set aside.
        var verdict = Single(null, OneNumberPerSite(100, 100, 100, 102, 150));

        Assert.Equal(["s5"], verdict.Dissent.Names());
        Assert.Equal(100.5, verdict.Value.Number, 12);
    }

    [Fact]
    public void Decide_TwoSitesDisagreeWildly_BothKeptSpreadVisible()
    {
        var verdict = Single(null, OneNumberPerSite(100, 300));

        Assert.Equal(200, verdict.Value.Number, 12);
        Assert.Equal((100.0, 300.0), (verdict.Stats!.Value.Min, verdict.Stats.Value.Max));
    }
}
