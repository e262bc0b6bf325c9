using Mao.Federation.Registry.Documents;
using Mao.Federation.Rounds;
using Mao.Orchestrations.Activities;
using Mao.Orchestrations.Rounds;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Mao.Functions;

/// <summary>
/// The durable wrappers, written by hand: each function has the name the orchestrator calls (the class name,
/// as the self-hosted worker registers it) and forwards to the class-based orchestrator or activity.
/// </summary>
public sealed class RoundOrchestrationFunctions(
    AnnounceRoundActivity announce,
    SweepAnswersActivity sweep,
    FetchPeerSnapshotActivity fetch,
    VerifyRoundActivity verify,
    PublishGroundTruthActivity publish)
{
    [Function(nameof(ConsensusRoundOrchestrator))]
    public static Task<RoundResult> RunRoundAsync([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new ConsensusRoundOrchestrator().RunAsync(context, context.GetInput<RoundAnnouncement>()
            ?? throw new InvalidOperationException($"round {context.InstanceId} was started without input"));

    [Function(nameof(AnnounceRoundActivity))]
    public async Task<bool> AnnounceAsync([ActivityTrigger] RoundAnnouncement input, FunctionContext context)
    {
        await announce.ExecuteAsync(input, context.CancellationToken);
        return true;
    }

    [Function(nameof(SweepAnswersActivity))]
    public Task<RoundAnswer[]> SweepAsync([ActivityTrigger] AnswerSweep input, FunctionContext context) =>
        sweep.ExecuteAsync(input, context.CancellationToken);

    [Function(nameof(FetchPeerSnapshotActivity))]
    public Task<FetchOutcome> FetchAsync([ActivityTrigger] FetchRequest input, FunctionContext context) =>
        fetch.ExecuteAsync(input, context.CancellationToken);

    [Function(nameof(VerifyRoundActivity))]
    public Task<VerifyOutcome> VerifyAsync([ActivityTrigger] VerifyRequest input, FunctionContext context) =>
        verify.ExecuteAsync(input, context.CancellationToken);

    [Function(nameof(PublishGroundTruthActivity))]
    public Task<PublishOutcome> PublishAsync([ActivityTrigger] VerifiedResult input, FunctionContext context) =>
        publish.ExecuteAsync(input, context.CancellationToken);
}
