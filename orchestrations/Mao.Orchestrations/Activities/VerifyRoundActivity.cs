using Mao.Federation.Rounds;
using Mao.Orchestrations.Ports;
using Microsoft.DurableTask;

namespace Mao.Orchestrations.Activities;

/// <summary>
/// Loads the candidates from this site's store, runs the verifier and stages the ground truth. Deterministic, so a
/// re-run after a crash stages the very same bytes.
/// </summary>
public sealed class VerifyRoundActivity(ISnapshotLibrary library, IVerifier verifier, IGroundTruthSink sink)
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
        var outcome = verifier.Verify(new VerificationInput(input.Tool, input.Round, input.Announcer, observations));
        var staged = await sink.StageAsync(input.Tool, input.Round, outcome.GroundTruth, cancellationToken);
        return new VerifyOutcome(staged, outcome.Support, outcome.Dissent, outcome.Excluded);
    }
}
