using Mao.Core.Verification;

namespace Mao.Core.Tests.Verification.Trust;

/// <summary>The goals for lying and faulty sites, on the real engine, with several fixed seeds.</summary>
public class TrustGoalTests
{
    public static TheoryData<int> Seeds => [11, 12, 13];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void ElevenSites_FortyPercentRandomNoise_AtLeast99Point5PercentCorrect_WhereTheMedianAloneFalls(int seed)
    {
        var scenario = new FaultScenario(11, 0.4, FaultModel.Noise, FaultAssignment.PerRecord, seed);

        var before = FaultSimulator.Run(scenario, TrustTable.Before);
        var after = FaultSimulator.Run(scenario);

        Assert.True(before.CorrectShare < 0.995, $"the simulation must reproduce the problem: before {before.CorrectShare:P2}");
        Assert.True(after.CorrectShare >= 0.995, $"after {after.CorrectShare:P2} ({scenario})");
        Assert.True(after.SilentlyWrongShare <= 0.005, $"silently wrong {after.SilentlyWrongShare:P2}");
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void ElevenSites_FourPercentFaulty_EveryRecordCorrect_EveryModel(int seed)
    {
        foreach (var model in Enum.GetValues<FaultModel>())
        {
            var outcome = FaultSimulator.Run(new FaultScenario(11, 0.04, model, FaultAssignment.PerRecord, seed));

            Assert.True(outcome.Correct == outcome.Records, $"{model}: {outcome.CorrectShare:P2} correct");
            Assert.Equal(outcome.Liars, outcome.LiarsNamed);
        }
    }

    /// <summary>Fewer fixed liars than half the sites: truth unaffected, nothing contested, every liar named.</summary>
    [Theory]
    [InlineData(3, 1)]
    [InlineData(5, 2)]
    [InlineData(11, 5)]
    [InlineData(21, 10)]
    public void FixedMinorityOfLiars_TruthUnaffectedAndEveryLiarNamed(int sites, int liars)
    {
        foreach (var model in Enum.GetValues<FaultModel>())
        {
            foreach (var seed in new[] { 1, 2 })
            {
                var scenario = new FaultScenario(sites, (double)liars / sites, model, FaultAssignment.FixedSites, seed, Records: 500);
                var outcome = FaultSimulator.Run(scenario);

                Assert.True(outcome.Correct == outcome.Records && outcome.Contested == 0, $"{scenario}: {outcome}");
                Assert.True(outcome.Liars > 0 && outcome.LiarsNamed == outcome.Liars, $"{scenario}: {outcome}");
            }
        }
    }

    /// <summary>Colluders as many as the honest sites: every record contested, none silently wrong.</summary>
    [Theory]
    [InlineData(4, 0.0)]
    [InlineData(4, 0.01)]
    [InlineData(10, 0.0)]
    [InlineData(10, 0.01)]
    public void CollusionReachingHalf_ContestedNeverSilentlyWrong(int sites, double jitter)
    {
        foreach (var model in new[] { FaultModel.Collusion, FaultModel.Stale })
        {
            var outcome = FaultSimulator.Run(new FaultScenario(sites, 0.5, model, FaultAssignment.FixedSites, 5, Records: 500, HonestJitter: jitter));

            Assert.True(outcome.SilentlyWrong == 0, $"{model}: {outcome}");
        }
    }

    /// <summary>Two identical lies against honest sites whose measurements scatter: exact agreement must not make the vote gullible.</summary>
    [Theory]
    [InlineData(5)]
    [InlineData(11)]
    [InlineData(21)]
    public void TwoColludersAgainstScatteredHonestNoise_HonestValueWinsAndColludersNamed(int sites)
    {
        var scenario = new FaultScenario(sites, 2.0 / sites, FaultModel.Collusion, FaultAssignment.FixedSites, 7, Records: 1000, HonestJitter: 0.01);

        var outcome = FaultSimulator.Run(scenario);

        Assert.True(outcome.Correct == outcome.Records && outcome.Contested == 0, $"{scenario}: {outcome}");
        Assert.Equal(outcome.Liars, outcome.LiarsNamed);
    }

    /// <summary>Honest measurements scattered wider than the tolerance (±4 %): a lie may hide in the honest spread, but never wins.</summary>
    [Theory]
    [InlineData(11)]
    [InlineData(21)]
    public void TwoColludersAgainstWidelyScatteredHonestNoise_NeverWin(int sites)
    {
        var scenario = new FaultScenario(sites, 2.0 / sites, FaultModel.Collusion, FaultAssignment.FixedSites, 7, Records: 1000, HonestJitter: 0.04);

        var outcome = FaultSimulator.Run(scenario);

        Assert.True(outcome.Correct == outcome.Records, $"{scenario}: {outcome}");
    }

    /// <summary>
    /// Nobody honest, every site noisy: the vote is no worse than the plain mean of all answers (which is the best
    /// estimate there), within one record in a thousand, and no worse than the median vote was.
    /// </summary>
    [Theory]
    [InlineData(11, 11)]
    [InlineData(11, 12)]
    [InlineData(11, 13)]
    [InlineData(21, 11)]
    [InlineData(21, 12)]
    public void EverySiteFaulty_NoWorseThanAPlainMean(int sites, int seed)
    {
        var scenario = new FaultScenario(sites, 1.0, FaultModel.Noise, FaultAssignment.PerRecord, seed);

        var before = FaultSimulator.Run(scenario, TrustTable.Before);
        var after = FaultSimulator.Run(scenario);

        Assert.True(after.CorrectShare >= after.MeanCorrectShare - 0.001, $"after {after.CorrectShare:P2}, plain mean {after.MeanCorrectShare:P2}");
        Assert.True(after.CorrectShare >= before.CorrectShare, $"before {before.CorrectShare:P2}, after {after.CorrectShare:P2}");
    }

    /// <summary>
    /// The same over 40,000 records (seeds 1-20): what remains below the plain mean is the price of trusting agreement
    /// (chance exact pairs and chance majorities within one tolerance, see docs/trust.md), 14 records at 11 and at 21
    /// sites when measured; bounded here at 0.05 points so that a more gullible rule shows.
    /// </summary>
    [Theory]
    [InlineData(11)]
    [InlineData(21)]
    public void EverySiteFaulty_FortyThousandRecords_WithinFiveHundredthsOfAPointOfThePlainMean(int sites)
    {
        var outcomes = Enumerable.Range(1, 20).Select(seed => FaultSimulator.Run(new FaultScenario(sites, 1.0, FaultModel.Noise, FaultAssignment.PerRecord, seed))).ToList();
        int records = outcomes.Sum(o => o.Records), correct = outcomes.Sum(o => o.Correct), mean = outcomes.Sum(o => o.MeanCorrect);

        Assert.Equal(40_000, records);
        Assert.True(correct >= mean - 0.0005 * records, $"vote {correct}, plain mean {mean} of {records}");
    }

    /// <summary>
    /// Honest sites whose measurements differ slightly (±2 %, so none agree exactly) among randomly noisy ones: the values
    /// within one tolerance that hold a majority decide (ScatteredValues.HaveCoherentMajority). This is what keeping every
    /// value whenever nobody agrees exactly would cost (the way to match the plain mean with every site noisy): 11 sites
    /// 40 % noisy fall from 93 % to 77 % correct, 7 sites with 3 fixed noisy ones from 99.8 % to 69 %.
    /// </summary>
    [Theory]
    [InlineData(11, 0.4, FaultAssignment.PerRecord, 0.90)]
    [InlineData(7, 0.43, FaultAssignment.FixedSites, 0.995)]
    public void HonestSitesWithMeasurementJitter_AMajorityWithinToleranceDecides(int sites, double share, FaultAssignment assignment, double atLeast)
    {
        foreach (var seed in new[] { 1, 2, 3 })
        {
            var scenario = new FaultScenario(sites, share, FaultModel.Noise, assignment, seed, HonestJitter: 0.02);

            var outcome = FaultSimulator.Run(scenario);

            Assert.True(outcome.CorrectShare >= atLeast, $"{scenario}: {outcome.CorrectShare:P2} correct, plain mean {outcome.MeanCorrectShare:P2}");
        }
    }
}
