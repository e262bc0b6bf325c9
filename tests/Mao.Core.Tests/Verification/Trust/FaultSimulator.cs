using Mao.Core.Model;
using Mao.Core.Verification;
using static Mao.Core.Tests.Verification.Snapshots;

namespace Mao.Core.Tests.Verification.Trust;

/// <summary>
/// A seeded federation of honest and faulty sites: builds every site's snapshot of one performance metric, runs the
/// real <see cref="VerificationEngine"/> and judges each published value against the truth the simulator invented.
/// </summary>
public static class FaultSimulator
{
    private static readonly MetricSchema Schema = Snapshots.Schema(("value", FieldKind.Performance));

    public static FaultOutcome Run(FaultScenario scenario, VotePolicy? policy = null)
    {
        policy ??= VotePolicy.Default;
        var world = Generate(scenario);
        var sink = new JudgingSink(world, policy);
        new VerificationEngine(policy).Run(world.Snapshots.Select(s => (IRecordSource)new SnapshotRecordSource(s)).ToList(), sink);
        return sink.Outcome();
    }

    /// <summary>Truths, every site's answers, and which answers are faulty; sites named so that index = site order.</summary>
    internal sealed record World(double[] Truths, double[,] Answers, bool[,] Faulty, Snapshot[] Snapshots);

    internal static World Generate(FaultScenario s)
    {
        var random = new Random(s.Seed);
        var faultyCount = (int)Math.Round(s.FaultyShare * s.Sites, MidpointRounding.AwayFromZero);
        var fixedFaulty = Enumerable.Range(0, s.Sites).OrderBy(_ => random.Next()).Take(faultyCount).ToHashSet();
        // Systematic offsets belong to a site, not a record: ±10 % to ±50 %.
        var offsets = Enumerable.Range(0, s.Sites).Select(_ => (random.Next(2) * 2 - 1) * (0.1 + 0.4 * random.NextDouble())).ToArray();
        var truths = new double[s.Records];
        var answers = new double[s.Records, s.Sites];
        var faulty = new bool[s.Records, s.Sites];
        for (var r = 0; r < s.Records; r++)
        {
            // Whole numbers (bytes, milliseconds) from 1,000 to 1,000,000, as measured values usually are.
            var truth = truths[r] = random.Next(1_000, 1_000_001);
            var lie = Math.Round(truth * (1.1 + 0.9 * random.NextDouble()));
            var stale = random.Next(2) == 0 ? truth : Math.Round(truth * (1 + 0.6 * (random.NextDouble() - 0.5)));
            for (var site = 0; site < s.Sites; site++)
            {
                var isFaulty = s.Assignment == FaultAssignment.FixedSites ? fixedFaulty.Contains(site) : random.NextDouble() < s.FaultyShare;
                faulty[r, site] = isFaulty;
                answers[r, site] = !isFaulty
                    ? s.HonestJitter == 0 ? truth : Math.Round(truth * (1 + s.HonestJitter * (2 * random.NextDouble() - 1)), 3)
                    : s.Model switch
                    {
                        FaultModel.Noise => Math.Round(truth * Math.Max(0.01, 1 + s.NoiseScale * Gaussian(random))),
                        FaultModel.Offset => Math.Round(truth * (1 + offsets[site])),
                        FaultModel.Collusion => lie,
                        _ => stale,
                    };
            }
        }
        var snapshots = Enumerable.Range(0, s.Sites).Select(site => new Snapshot(
            new SnapshotHeader("tool", "1", $"site{site:00}", ObservedAt, Schema),
            Enumerable.Range(0, s.Records).Select(r => new SnapshotRecord($"r{r:000000}", [FieldValue.Of(answers[r, site])])))).ToArray();
        return new World(truths, answers, faulty, snapshots);
    }

    /// <summary>A standard normal draw (Box-Muller).</summary>
    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>Judges verdicts as they stream by (records arrive in key order, which is generation order).</summary>
    private sealed class JudgingSink(World world, VotePolicy policy) : IVerdictSink
    {
        private int _record, _correct, _contested, _silentlyWrong, _meanCorrect;
        private long _liars, _named;

        public void Accept(RecordVerdict verdict)
        {
            var r = _record++;
            var truth = world.Truths[r];
            var tolerance = Math.Max(policy.RelativeTolerance * truth, policy.AbsoluteTolerance);
            var field = verdict.Fields[0];
            var correct = Math.Abs(field.Value.Number - truth) <= tolerance;
            _correct += correct ? 1 : 0;
            _contested += field.Contested ? 1 : 0;
            _silentlyWrong += !correct && !field.Contested ? 1 : 0;
            double sum = 0;
            var sites = world.Answers.GetLength(1);
            for (var site = 0; site < sites; site++)
            {
                var answer = world.Answers[r, site];
                sum += answer;
                if (world.Faulty[r, site] && Math.Abs(answer - truth) > tolerance)
                {
                    _liars++;
                    _named += field.Dissent.Contains(site) ? 1 : 0;
                }
            }
            _meanCorrect += Math.Abs(sum / sites - truth) <= tolerance ? 1 : 0;
        }

        public FaultOutcome Outcome() => new(_record, _correct, _contested, _silentlyWrong, _liars, _named, _meanCorrect);
    }
}
