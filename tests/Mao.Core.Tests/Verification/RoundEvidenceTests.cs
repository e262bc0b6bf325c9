using Mao.Core.Verification;
using Mao.Core.Verification.Output;
using Mao.Core.Tests.Verification.Trust;

namespace Mao.Core.Tests.Verification;

/// <summary>A round whose numeric votes show no agreement beyond chance keeps every scattered value, as a plain mean does.</summary>
public class RoundEvidenceTests
{
    // More records than the look-ahead window (4,096 at 11 sites): the records after it are decided the same way.
    private static FaultSimulator.World EverySiteNoisy(int seed) =>
        FaultSimulator.Generate(new FaultScenario(11, 1.0, FaultModel.Noise, FaultAssignment.PerRecord, seed, Records: 5000));

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void Run_EverySiteNoisy_EachValueIsThePlainMeanUnlessAValueIsOffByMoreThanTheOthers(int seed)
    {
        var world = EverySiteNoisy(seed);

        var (_, verdicts) = new VerificationEngine().Run(world.Snapshots);
        var (_, medianOnly) = new VerificationEngine(TrustTable.Before).Run(world.Snapshots);

        var sites = world.Snapshots.Length;
        int differ = 0, medianDiffers = 0;
        for (var r = 0; r < verdicts.Count; r++)
        {
            var values = Enumerable.Range(0, sites).Select(s => world.Answers[r, s]).ToArray();
            var mean = values.Average();
            // A value further from the others' mean than that mean itself (a unit error) is the only one set aside.
            var gross = values.Any(v => Math.Abs(v - (values.Sum() - v) / (sites - 1)) > (values.Sum() - v) / (sites - 1));
            differ += !gross && Math.Abs(verdicts[r].Fields[0].Value.Number - mean) > 1e-9 * mean ? 1 : 0;
            medianDiffers += Math.Abs(medianOnly[r].Fields[0].Value.Number - mean) > 1e-9 * mean ? 1 : 0;
        }

        Assert.Equal(0, differ);
        Assert.True(medianDiffers > 1000, $"the median vote must differ from the mean for this test to mean anything: {medianDiffers}");
    }

    [Fact]
    public void Run_EverySiteNoisy_ParallelMergeGivesTheSameOutput()
    {
        var sources = () => EverySiteNoisy(6).Snapshots.Select(s => (IRecordSource)new SnapshotRecordSource(s)).ToList();
        string Render(bool parallel)
        {
            var output = new StringWriter();
            new VerificationEngine { ParallelMerge = parallel }.Run(sources(), new TruthCsvWriter(output));
            return output.ToString();
        }

        var parallel = Render(true);

        Assert.Equal(Render(false), parallel);
        Assert.Equal(5001, parallel.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }
}
