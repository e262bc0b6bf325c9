using Mao.Federation.Rounds;
using Mao.Orchestrations.Ports;
using Microsoft.DurableTask;

namespace Mao.Orchestrations.Activities;

/// <summary>
/// Loads the candidates from this site's store and the sites' agreement in earlier rounds of the tool, runs the
/// verifier, stages the ground truth and adds this round's agreement to the history (once per round id). The history
/// is read as it stood before this round, so a re-run after a crash weighs the sites alike and stages the same bytes.
/// </summary>
public sealed class VerifyRoundActivity(ISnapshotLibrary library, IVerifier verifier, IGroundTruthSink sink, SiteAgreementHistory history)
    : TaskActivity<VerifyRequest, VerifyOutcome>
{
    public override Task<VerifyOutcome> RunAsync(TaskActivityContext context, VerifyRequest input) => ExecuteAsync(input, CancellationToken.None);

    public async Task<VerifyOutcome> ExecuteAsync(VerifyRequest input, CancellationToken cancellationToken)
    {
        var observations = new List<SiteObservation>(input.Candidates.Count);
        foreach (var candidate in input.Candidates.OrderBy(c => c.Site, StringComparer.Ordinal))
        {
            observations.Add(new SiteObservation(candidate.Site, await library.LoadAsync(candidate.ContentId, cancellationToken)));
        }
        var past = await history.BeforeAsync(input.Tool, input.Round, cancellationToken);
        var outcome = verifier.Verify(new VerificationInput(input.Tool, input.Round, input.Announcer, observations, past, input.Shards?.OwnersPerUnit));
        var staged = await sink.StageAsync(input.Tool, input.Round, outcome.GroundTruth, cancellationToken);
        // After staging: a crash before this line re-runs the round with the same history; after it, the marker stops a second count.
        await history.RecordAsync(input.Tool, input.Round, outcome.Tallies, cancellationToken);
        return new VerifyOutcome(staged, outcome.Support, outcome.Dissent, outcome.Excluded);
    }
}
