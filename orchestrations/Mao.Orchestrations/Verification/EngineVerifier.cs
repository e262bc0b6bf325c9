using Mao.Core.Model;
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
/// comes in the input, so the verifier stays pure.
/// </summary>
public sealed class EngineVerifier(VotePolicy? policy = null) : IVerifier
{
    /// <summary>The site name ground-truth snapshots carry.</summary>
    public const string GroundTruthSite = "ground-truth";

    /// <summary>The default policy with standard history weighting: without a history every site still weighs 1.</summary>
    public static VotePolicy RoundPolicy { get; } = VotePolicy.Default with { History = HistoryKind.Standard };

    private readonly VotePolicy _policy = policy ?? RoundPolicy;

    public VerificationOutcome Verify(VerificationInput input)
    {
        var reference = input.Observations.FirstOrDefault(o => o.Site == input.Announcer)
            ?? throw new ArgumentException($"the announcer '{input.Announcer}' has no observation in round '{input.RoundId}'", nameof(input));
        if (reference.Snapshot.Header.Tool != input.Tool)
        {
            throw new ArgumentException($"the announcer's own snapshot is not of tool '{input.Tool}'", nameof(input));
        }
        var schema = reference.Snapshot.Schema;
        var comparable = new List<SiteObservation>();
        var excluded = new List<string>();
        foreach (var observation in input.Observations.OrderBy(o => o.Site, StringComparer.Ordinal))
        {
            if (observation.Snapshot.Header.Tool != input.Tool)
            {
                excluded.Add($"{observation.Site}: snapshot is of tool '{observation.Snapshot.Header.Tool}'");
            }
            else if (!observation.Snapshot.Schema.Equivalent(schema))
            {
                excluded.Add($"{observation.Site}: schema differs from the announcer's");
            }
            else
            {
                comparable.Add(observation);
            }
        }

        var collector = new GroundTruthCollector(GroundTruthShape.SchemaOf(schema));
        var summary = new VerificationEngine(_policy, input.History) { SitesPerRecord = input.SitesPerRecord }.Run(
            comparable.Select(o => (IRecordSource)new SnapshotRecordSource(o.Snapshot, $"{o.Site}'s snapshot {o.Snapshot.ContentId}")).ToList(), collector);

        var support = new List<string>();
        var dissent = new List<string>();
        foreach (var tally in summary.Tallies)
        {
            (tally.Agreed >= tally.Dissented ? support : dissent).Add(tally.Site);
        }
        var header = new SnapshotHeader(input.Tool, reference.Snapshot.Header.ToolVersion, GroundTruthSite,
            comparable.Max(o => o.Snapshot.Header.ObservedAt), collector.Schema);
        var groundTruth = new Snapshot(header, collector.Records, $"ground truth of round {input.RoundId}");
        return new VerificationOutcome(groundTruth, support, dissent, excluded.Order(StringComparer.Ordinal).ToArray()) { Tallies = summary.Tallies };
    }

    /// <summary>Keeps each record's ground truth (<see cref="GroundTruthShape"/>); the verdicts themselves are reused by the engine.</summary>
    private sealed class GroundTruthCollector(MetricSchema schema) : IVerdictSink
    {
        public MetricSchema Schema => schema;

        public List<SnapshotRecord> Records { get; } = [];

        public void Accept(RecordVerdict verdict) => Records.Add(GroundTruthShape.RecordOf(verdict, schema));
    }
}
