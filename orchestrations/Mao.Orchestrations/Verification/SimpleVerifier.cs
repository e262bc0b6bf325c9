using Mao.Core.Model;
using Mao.Orchestrations.Ports;

namespace Mao.Orchestrations.Verification;

/// <summary>
/// A small, correct verifier so rounds run end to end before the full verification engine
/// (core/Mao.Core/Verification) is wired in behind <see cref="IVerifier"/>. Rules:
/// <list type="bullet">
/// <item>Observations of another tool, or whose schema differs from the announcer's, are excluded (with the reason).</item>
/// <item>Every key any comparable site holds is in the ground truth.</item>
/// <item>Performance fields: the mean of the sites' values (missing values skipped).</item>
/// <item>Count, category and set fields: the value most sites hold; a tie goes to the value that sorts first
///   (ordinal, by its invariant text), so every site computes the same answer.</item>
/// <item>A site supports the ground truth when at least half of the ground truth's (key, voted field) cells
///   hold the same value at that site (a key it lacks counts against it); for schemas with only performance
///   fields, when it holds at least half of the keys.</item>
/// </list>
/// No outlier handling: that is the verification engine's job.
/// </summary>
public sealed class SimpleVerifier : IVerifier
{
    /// <summary>The site name ground-truth snapshots carry.</summary>
    public const string GroundTruthSite = "ground-truth";

    public VerificationOutcome Verify(VerificationInput input)
    {
        var reference = input.Observations.FirstOrDefault(o => o.Site == input.Announcer)
            ?? throw new ArgumentException($"the announcer '{input.Announcer}' has no observation in round '{input.RoundId}'", nameof(input));
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

        if (!comparable.Contains(reference))
        {
            throw new ArgumentException($"the announcer's own snapshot is not of tool '{input.Tool}'", nameof(input));
        }
        var lookups = comparable.Select(o => o.Snapshot.Records.ToDictionary(r => r.Key, r => r.Values, StringComparer.Ordinal)).ToArray();
        var keys = lookups.SelectMany(l => l.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var records = new List<SnapshotRecord>(keys.Length);
        foreach (var key in keys)
        {
            var values = new FieldValue[schema.Fields.Count];
            for (var field = 0; field < values.Length; field++)
            {
                var present = lookups.Where(l => l.ContainsKey(key)).Select(l => l[key][field]).Where(v => !v.IsMissing).ToArray();
                values[field] = schema.Fields[field].Kind == FieldKind.Performance ? Mean(present) : Plurality(present);
            }
            records.Add(new SnapshotRecord(key, values));
        }

        var header = new SnapshotHeader(input.Tool, reference.Snapshot.Header.ToolVersion, GroundTruthSite,
            comparable.Max(o => o.Snapshot.Header.ObservedAt), schema);
        var groundTruth = new Snapshot(header, records, $"ground truth of round {input.RoundId}");
        var support = comparable.Where((_, i) => Supports(lookups[i], groundTruth)).Select(o => o.Site).ToArray();
        return new VerificationOutcome(groundTruth, support, excluded);
    }

    private static FieldValue Mean(FieldValue[] present) =>
        present.Length == 0 ? FieldValue.Missing : FieldValue.Of(present.Sum(v => v.Number) / present.Length);

    private static FieldValue Plurality(FieldValue[] present) =>
        present.Length == 0
            ? FieldValue.Missing
            : present.GroupBy(v => v)
                .OrderByDescending(g => g.Count())
                .ThenBy(g => g.Key.ToString(), StringComparer.Ordinal)
                .First().Key;

    private static bool Supports(Dictionary<string, FieldValue[]> site, Snapshot groundTruth)
    {
        var voted = Enumerable.Range(0, groundTruth.Schema.Fields.Count)
            .Where(i => groundTruth.Schema.Fields[i].Kind != FieldKind.Performance).ToArray();
        if (groundTruth.Records.Count == 0)
        {
            return true;
        }
        if (voted.Length == 0)
        {
            return 2 * groundTruth.Records.Count(r => site.ContainsKey(r.Key)) >= groundTruth.Records.Count;
        }
        var agreeing = 0;
        foreach (var record in groundTruth.Records)
        {
            if (site.TryGetValue(record.Key, out var values))
            {
                agreeing += voted.Count(i => values[i] == record.Values[i]);
            }
        }
        return 2 * agreeing >= groundTruth.Records.Count * voted.Length;
    }
}
