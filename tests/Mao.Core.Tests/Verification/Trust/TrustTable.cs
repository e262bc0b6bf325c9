using System.Globalization;
using System.Text;
using Mao.Core.Verification;

namespace Mao.Core.Tests.Verification.Trust;

/// <summary>The table in docs/trust.md: every row simulated before (median only) and after (exact anchoring).</summary>
public static class TrustTable
{
    public static readonly int[] Seeds = [1, 2, 3];

    /// <summary>The vote as it was before exact anchoring: the robust median alone.</summary>
    public static readonly VotePolicy Before = new() { ExactAgreement = 0 };

    public static IEnumerable<(int Sites, double Share, FaultModel Model, FaultAssignment Assignment, double Jitter)> Rows()
    {
        foreach (var model in Enum.GetValues<FaultModel>())
        {
            foreach (var (sites, share) in new[] { (3, 0.34), (5, 0.4), (11, 0.04), (11, 0.2), (11, 0.4), (21, 0.4), (11, 1.0) })
            {
                yield return (sites, share, model, FaultAssignment.PerRecord, 0);
            }
            foreach (var (sites, share) in new[] { (3, 0.34), (7, 0.43), (11, 0.45), (21, 0.48) })
            {
                yield return (sites, share, model, FaultAssignment.FixedSites, 0);
            }
        }
        // Collusion against honest sites with measurement noise: exact agreement must not make the vote gullible.
        foreach (var (sites, share) in new[] { (11, 0.18), (11, 0.45), (4, 0.5), (10, 0.5) })
        {
            yield return (sites, share, FaultModel.Collusion, FaultAssignment.FixedSites, 0.01);
        }
        // Honest sites that never agree exactly (±2 %) among noisy ones: a majority within one tolerance must decide.
        yield return (11, 0.4, FaultModel.Noise, FaultAssignment.PerRecord, 0.02);
        yield return (7, 0.43, FaultModel.Noise, FaultAssignment.FixedSites, 0.02);
    }

    /// <summary>Outcomes summed over <see cref="Seeds"/>.</summary>
    public static FaultOutcome Measure(int sites, double share, FaultModel model, FaultAssignment assignment, double jitter, VotePolicy? policy) =>
        Seeds.Select(seed => FaultSimulator.Run(new FaultScenario(sites, share, model, assignment, seed, HonestJitter: jitter), policy))
            .Aggregate((a, b) => new FaultOutcome(a.Records + b.Records, a.Correct + b.Correct, a.Contested + b.Contested,
                a.SilentlyWrong + b.SilentlyWrong, a.Liars + b.Liars, a.LiarsNamed + b.LiarsNamed, a.MeanCorrect + b.MeanCorrect));

    public static string Render()
    {
        var text = new StringBuilder();
        text.AppendLine("| sites | faulty | model | which | honest jitter | correct before | correct after | contested after | silently wrong after | liars named after | plain mean correct |");
        text.AppendLine("|---:|---:|---|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (sites, share, model, assignment, jitter) in Rows())
        {
            var before = Measure(sites, share, model, assignment, jitter, Before);
            var after = Measure(sites, share, model, assignment, jitter, null);
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {sites} | {share:P0} | {model} | {(assignment == FaultAssignment.PerRecord ? "per record" : "fixed sites")} | {jitter:P0} | {P(before.CorrectShare)} | {P(after.CorrectShare)} | {P(after.ContestedShare)} | {P(after.SilentlyWrongShare)} | {P(after.NamedShare)} | {P(after.MeanCorrectShare)} |"));
        }
        return text.ToString();
    }

    private static string P(double share) => (share * 100).ToString("0.00", CultureInfo.InvariantCulture) + " %";
}
