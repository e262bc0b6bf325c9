using Mao.Core.Model;
using Mao.Core.Verification;

namespace Mao.Orchestrations.Ports;

/// <summary>One site's observation taking part in verification.</summary>
public sealed record SiteObservation(string Site, Snapshot Snapshot);

/// <summary>
/// What the verifier gets: the tool, the announcer (whose schema is the reference), the observations sorted by site and
/// the sites' agreement in earlier rounds of the tool (null: none, every site weighs the same).
/// </summary>
/// <param name="SitesPerRecord">How many sites were to measure each record (a sharded tool's replicas); null: all of them.</param>
public sealed record VerificationInput(string Tool, string RoundId, string Announcer, IReadOnlyList<SiteObservation> Observations,
    SiteHistory? History = null, int? SitesPerRecord = null);

/// <summary>
/// The ground truth (per record: the value, numeric statistics, support and dissent), the sites agreeing with it,
/// the sites mostly disagreeing, and the observations left out (as "site: reason").
/// </summary>
public sealed record VerificationOutcome(Snapshot GroundTruth, IReadOnlyList<string> Support, IReadOnlyList<string> Dissent, IReadOnlyList<string> Excluded)
{
    /// <summary>Per compared site, how many field values agreed and dissented: this round's addition to the history.</summary>
    public IReadOnlyList<SiteTally> Tallies { get; init; } = [];
}

/// <summary>
/// Turns several sites' snapshots of the same tool into one ground truth. Pure and deterministic:
/// the same input gives the same output on every site and on every re-run of the activity.
/// </summary>
public interface IVerifier
{
    VerificationOutcome Verify(VerificationInput input);
}
