using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Mao.Core.Model;
using Mao.Core.Verification;
using Mao.Core.Verification.Output;
using static Mao.Core.Tests.Verification.Snapshots;

namespace Mao.Core.Tests.Verification;

/// <summary>Properties the ground truth must have whatever the input: order independence, robustness, identity.</summary>
[Properties(Arbitrary = [typeof(VerificationArbitraries)], MaxTest = 200)]
public class VerificationProperties
{
    [Property]
    public bool Verify_ShuffledSitesAndRecords_SameOutput(Federation federation, int seed)
    {
        var random = new Random(seed);
        var shuffled = federation.Snapshots
            .Select(s => new Snapshot(s.Header, s.Records.OrderBy(_ => random.Next()).ToArray()))
            .OrderBy(_ => random.Next())
            .ToArray();

        return Render(federation.Snapshots) == Render(shuffled);
    }

    [Property]
    public bool Verify_UnanimousSites_ReturnsTheirValues(Federation federation, PositiveInt siteCount)
    {
        var template = federation.Snapshots[0];
        var sites = Math.Min(siteCount.Get, 21);
        var copies = Enumerable.Range(0, sites).Select(i => new Snapshot(template.Header with { Site = $"site{i}" }, template.Records)).ToArray();

        var verdicts = new VerificationEngine().Run(copies).Verdicts;

        return verdicts.Zip(template.Records).All(pair => pair.First.Key == pair.Second.Key && pair.First.Fields.Select((f, i) =>
            pair.Second.Values[i].IsMissing
                ? f.Flags.HasFlag(VerdictFlags.NoValue)
                : f.Value == pair.Second.Values[i] && f.Support.Count == sites && f.Dissent.IsEmpty && !f.Contested
                  && (f.Stats is not { } s || (s.Min == s.Max && s.StdDev == 0 && s.Mean == f.Value.Number))).All(ok => ok));
    }

    [Property]
    public bool Verify_MinorityOfArbitraryLiars_StaysWithinTolerance(LiarScenario scenario)
    {
        var verdict = Verify(null, scenario.Build()).Verdicts.Single();
        var policy = VotePolicy.Default;
        var truth = scenario.Truth;
        // Honest values lie within ±1 %: the median does too, the MAD is at most the honest spread (2 %), so a liar can
        // only stay in the kept set within the exclusion band around it, and only a minority of them can.
        var spread = 0.02 * truth;
        var band = Math.Max(policy.EffectiveExclusionThreshold * 1.4826 * spread, policy.RelativeTolerance * 1.01 * truth);
        var latency = verdict.Fields[0].Value.Number;
        var exactCount = verdict.Fields[1];
        var label = verdict.Fields[2];

        return Math.Abs(latency - truth) <= 0.01 * truth + band
               && exactCount.Value.Number == scenario.TrueCount && !exactCount.Contested
               && label.Value.Text == "honest" && !label.Contested;
    }

    [Property]
    public bool Verify_FarLiars_ExcludedExactlyAndNamed(LiarScenario scenario)
    {
        var far = scenario with { FarLies = true };
        var field = Verify(null, far.Build()).Verdicts.Single().Fields[0];
        var honestMean = far.HonestValues().Average();

        return Math.Abs(field.Value.Number - honestMean) <= 1e-9 * far.Truth
               && field.Dissent.Indexes().SequenceEqual(far.LiarIndexes());
    }

    private static string Render(IReadOnlyList<Snapshot> snapshots)
    {
        var output = new MemoryStream();
        var sites = snapshots.Select(s => s.Header.Site).Order(StringComparer.Ordinal).ToArray();
        using (var writer = new TruthJsonLinesWriter(output, "tool", sites, snapshots[0].Schema, VotePolicy.Default))
        {
            new VerificationEngine().Run(snapshots.Select(s => (IRecordSource)new SnapshotRecordSource(s)).ToList(), writer);
        }
        return System.Text.Encoding.UTF8.GetString(output.ToArray());
    }
}
