using Mao.Core.Model;
using Mao.Core.Serialization;
using Mao.Core.Verification;
using Mao.Orchestrations.Ports;

namespace Mao.Orchestrations.Verification;

/// <summary>
/// The round's verifier: the verification engine (robust numeric votes, clustering of categories and sets)
/// over every comparable observation. Observations of another tool, or with a schema that differs from the
/// announcer's, are left out with the reason. A site supports the ground truth when at least as many of its
/// values agreed with it as dissented; the others dissent. The ground truth carries, per record, the voted values,
/// mean/min/max/median of each numeric field and the sites supporting and dissenting (<see cref="GroundTruthShape"/>).
/// Rounds weigh sites by their agreement in earlier rounds (<see cref="RoundPolicy"/>, the input's history); the history
/// comes in the input, so the verifier stays deterministic. The ground truth is written through
/// <see cref="CanonicalSnapshotWriter"/> as the engine decides each record: one record per site is in memory, never a snapshot.
/// </summary>
public sealed class EngineVerifier(VotePolicy? policy = null) : IVerifier
{
    /// <summary>The site name ground-truth snapshots carry.</summary>
    public const string GroundTruthSite = "ground-truth";

    /// <summary>The default policy with standard history weighting: without a history every site still weighs 1.</summary>
    public static VotePolicy RoundPolicy { get; } = VotePolicy.Default with { History = HistoryKind.Standard };

    private readonly VotePolicy _policy = policy ?? RoundPolicy;

    public VerificationOutcome Verify(VerificationInput input, Stream groundTruth)
    {
        try
        {
            return VerifyCore(input, groundTruth);
        }
        finally
        {
            foreach (var observation in input.Observations)
            {
                observation.Records.Dispose(); // also those left out, which the engine never sees
            }
        }
    }

    private VerificationOutcome VerifyCore(VerificationInput input, Stream groundTruth)
    {
        var reference = input.Observations.FirstOrDefault(o => o.Site == input.Announcer)
            ?? throw new ArgumentException($"the announcer '{input.Announcer}' has no observation in round '{input.RoundId}'", nameof(input));
        if (reference.Header.Tool != input.Tool)
        {
            throw new ArgumentException($"the announcer's own snapshot is not of tool '{input.Tool}'", nameof(input));
        }
        var schema = reference.Header.Schema;
        var comparable = new List<SiteObservation>();
        var excluded = new List<string>();
        foreach (var observation in input.Observations.OrderBy(o => o.Site, StringComparer.Ordinal))
        {
            if (observation.Header.Tool != input.Tool)
            {
                excluded.Add($"{observation.Site}: snapshot is of tool '{observation.Header.Tool}'");
            }
            else if (!observation.Header.Schema.Equivalent(schema))
            {
                excluded.Add($"{observation.Site}: schema differs from the announcer's");
            }
            else
            {
                comparable.Add(observation);
            }
        }

        // The header depends on the headers alone, so it is written first and every record follows as the engine decides it.
        var header = new SnapshotHeader(input.Tool, reference.Header.ToolVersion, GroundTruthSite,
            comparable.Max(o => o.Header.ObservedAt), GroundTruthShape.SchemaOf(schema));
        using var writer = new CanonicalSnapshotWriter(groundTruth, header, $"ground truth of round {input.RoundId}");
        var summary = new VerificationEngine(_policy, input.History) { SitesPerRecord = input.SitesPerRecord }.Run(
            comparable.Select(o => o.Records).ToList(), new GroundTruthWriter(writer));
        var written = writer.Complete();

        var support = new List<string>();
        var dissent = new List<string>();
        foreach (var tally in summary.Tallies)
        {
            (tally.Agreed >= tally.Dissented ? support : dissent).Add(tally.Site);
        }
        return new VerificationOutcome(written, support, dissent, excluded.Order(StringComparer.Ordinal).ToArray()) { Tallies = summary.Tallies };
    }

    /// <summary>Writes each record's ground truth (<see cref="GroundTruthShape"/>) as it is decided; the verdicts themselves are reused by the engine.</summary>
    private sealed class GroundTruthWriter(CanonicalSnapshotWriter writer) : IVerdictSink
    {
        public void Accept(RecordVerdict verdict) => writer.Write(GroundTruthShape.RecordOf(verdict, writer.Header.Schema));
    }
}
