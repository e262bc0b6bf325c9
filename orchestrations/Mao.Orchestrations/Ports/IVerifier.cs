using Mao.Core.Model;
using Mao.Core.Serialization;
using Mao.Core.Verification;

namespace Mao.Orchestrations.Ports;

/// <summary>One site's observation taking part in verification: its snapshot's records, read one at a time in key order.</summary>
public sealed record SiteObservation(string Site, IRecordSource Records)
{
    /// <summary>A snapshot held in memory (tests, small inputs).</summary>
    public SiteObservation(string site, Snapshot snapshot) : this(site, new SnapshotRecordSource(snapshot, $"{site}'s snapshot {snapshot.ContentId}"))
    {
    }

    public SnapshotHeader Header => Records.Header;
}

/// <summary>
/// What the verifier gets: the tool, the announcer (whose schema is the reference), the observations sorted by site and
/// the sites' agreement in earlier rounds of the tool (null: none, every site weighs the same).
/// </summary>
/// <param name="SitesPerRecord">How many sites were to measure each record (a sharded tool's replicas); null: all of them.</param>
public sealed record VerificationInput(string Tool, string RoundId, string Announcer, IReadOnlyList<SiteObservation> Observations,
    SiteHistory? History = null, int? SitesPerRecord = null);

/// <summary>
/// The ground truth as written (its header and record count; per record: the value, numeric statistics, support and
/// dissent), the sites agreeing with it, the sites mostly disagreeing, and the observations left out (as "site: reason").
/// </summary>
public sealed record VerificationOutcome(CanonicalisedSnapshot GroundTruth, IReadOnlyList<string> Support, IReadOnlyList<string> Dissent, IReadOnlyList<string> Excluded)
{
    /// <summary>Per compared site, how many field values agreed and dissented: this round's addition to the history.</summary>
    public IReadOnlyList<SiteTally> Tallies { get; init; } = [];
}

/// <summary>
/// Turns several sites' snapshots of the same tool into one ground truth. Deterministic: the same input gives the same
/// bytes on every site and on every re-run of the activity.
/// </summary>
public interface IVerifier
{
    /// <summary>
    /// Verifies the observations (disposing their record sources) and writes the ground truth in canonical form to
    /// <paramref name="groundTruth"/> as its records are decided, so no snapshot is held in memory.
    /// </summary>
    VerificationOutcome Verify(VerificationInput input, Stream groundTruth);
}

/// <summary>Verification with the ground truth kept in memory: for tests and small inputs.</summary>
public static class InMemoryVerification
{
    public static (VerificationOutcome Outcome, Snapshot GroundTruth) VerifyInMemory(this IVerifier verifier, VerificationInput input)
    {
        using var buffer = new MemoryStream();
        var outcome = verifier.Verify(input, buffer);
        buffer.Position = 0;
        return (outcome, SnapshotJsonLines.Read(buffer, $"ground truth of round {input.RoundId}"));
    }
}
