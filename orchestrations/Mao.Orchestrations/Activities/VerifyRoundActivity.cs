using Mao.Orchestrations.Ports;
using Mao.Orchestrations.Rounds;
using Microsoft.DurableTask;

namespace Mao.Orchestrations.Activities;

/// <summary>
/// Loads the candidates, runs the verifier and stages the ground truth. Deterministic, so a re-run after a crash
/// stages the very same bytes.
/// </summary>
public sealed class VerifyRoundActivity(ISnapshotSource source, IVerifier verifier, IGroundTruthSink sink)
    : TaskActivity<VerifyRequest, VerifyOutcome>
{
    public override Task<VerifyOutcome> RunAsync(TaskActivityContext context, VerifyRequest input) => ExecuteAsync(input, CancellationToken.None);

    public async Task<VerifyOutcome> ExecuteAsync(VerifyRequest input, CancellationToken cancellationToken)
    {
        var observations = new List<SiteObservation>(input.Candidates.Count);
        foreach (var candidate in input.Candidates.OrderBy(c => c.Site, StringComparer.Ordinal))
        {
            observations.Add(new SiteObservation(candidate.Site, await source.LoadAsync(candidate.Snapshot, cancellationToken)));
        }
        var outcome = verifier.Verify(new VerificationInput(input.Tool, input.RoundId, input.Announcer, observations));
        var staged = await sink.StageAsync(input.Tool, input.RoundId, outcome.GroundTruth, cancellationToken);
        return new VerifyOutcome(staged, outcome.Support, outcome.Excluded);
    }
}
