using Mao.Federation.Rounds;
using Mao.Orchestrations.Ports;
using Microsoft.DurableTask;

namespace Mao.Orchestrations.Activities;

/// <summary>
/// Opens the candidates in this site's store as record sources (each checked against its content id, then read one record
/// at a time), reads the sites' agreement in earlier rounds of the tool, runs the verifier, whose ground truth streams
/// through the canonical writer into a staged upload (content id computed on the way), and adds this round's agreement to
/// the history (once per round id). Memory holds one record per site, never a snapshot. The history is read as it stood
/// before this round, so a re-run after a crash weighs the sites alike and stages the same bytes.
/// </summary>
public sealed class VerifyRoundActivity(ISnapshotLibrary library, IVerifier verifier, IGroundTruthSink sink, SiteAgreementHistory history)
    : TaskActivity<VerifyRequest, VerifyOutcome>
{
    public override Task<VerifyOutcome> RunAsync(TaskActivityContext context, VerifyRequest input) => ExecuteAsync(input, CancellationToken.None);

    public async Task<VerifyOutcome> ExecuteAsync(VerifyRequest input, CancellationToken cancellationToken)
    {
        var past = await history.BeforeAsync(input.Tool, input.Round, cancellationToken);
        VerificationOutcome? outcome = null;
        var staged = await sink.StageAsync(input.Tool, input.Round, async (upload, ct) =>
        {
            // Downloaded (and hash-checked) side by side: the blob transfers, not the merge, take most of a large round's time.
            var opening = input.Candidates.OrderBy(c => c.Site, StringComparer.Ordinal)
                .Select(async c => new SiteObservation(c.Site, await library.OpenRecordsAsync(c.ContentId, ct))).ToArray();
            SiteObservation[] observations;
            try
            {
                observations = await Task.WhenAll(opening);
            }
            catch
            {
                foreach (var opened in opening.Where(t => t.IsCompletedSuccessfully))
                {
                    opened.Result.Records.Dispose();
                }
                throw;
            }
            // The engine is synchronous (CPU-bound merge); its writes go to the staging blob in blocks.
            outcome = verifier.Verify(new VerificationInput(input.Tool, input.Round, input.Announcer, observations, past, input.Shards?.OwnersPerUnit), upload);
            return outcome.GroundTruth;
        }, cancellationToken);
        // After staging: a crash before this line re-runs the round with the same history; after it, the marker stops a second count.
        await history.RecordAsync(input.Tool, input.Round, outcome!.Tallies, cancellationToken);
        return new VerifyOutcome(staged, outcome.Support, outcome.Dissent, outcome.Excluded);
    }
}
