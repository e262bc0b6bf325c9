using Mao.Core.Model;

namespace Mao.Orchestrations.Ports;

/// <summary>One site's observation taking part in verification.</summary>
public sealed record SiteObservation(string Site, Snapshot Snapshot);

/// <summary>What the verifier gets: the tool, the announcer (whose schema is the reference) and the observations sorted by site.</summary>
public sealed record VerificationInput(string Tool, string RoundId, string Announcer, IReadOnlyList<SiteObservation> Observations);

/// <summary>
/// The ground truth (per record: the value, numeric statistics, support and dissent), the sites agreeing with it,
/// the sites mostly disagreeing, and the observations left out (as "site: reason").
/// </summary>
public sealed record VerificationOutcome(Snapshot GroundTruth, IReadOnlyList<string> Support, IReadOnlyList<string> Dissent, IReadOnlyList<string> Excluded);

/// <summary>
/// Turns several sites' snapshots of the same tool into one ground truth. Pure and deterministic:
/// the same input gives the same output on every site and on every re-run of the activity.
/// </summary>
public interface IVerifier
{
    VerificationOutcome Verify(VerificationInput input);
}
