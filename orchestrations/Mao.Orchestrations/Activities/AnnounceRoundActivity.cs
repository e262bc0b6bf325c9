using Mao.Orchestrations.Ports;
using Mao.Orchestrations.Rounds;
using Microsoft.DurableTask;

namespace Mao.Orchestrations.Activities;

/// <summary>Announces the round to the federation. Idempotent: the messaging port keys it by (tool, round).</summary>
public sealed class AnnounceRoundActivity(IRoundMessaging messaging) : TaskActivity<RoundRequest, bool>
{
    public override Task<bool> RunAsync(TaskActivityContext context, RoundRequest input) => ExecuteAsync(input, CancellationToken.None);

    /// <summary>The activity's work, callable from hosts that bind activities themselves (the Functions app).</summary>
    public Task<bool> ExecuteAsync(RoundRequest input, CancellationToken cancellationToken)
    {
        input.Validate($"announce {input.RoundId}");
        return messaging.AnnounceAsync(input, cancellationToken);
    }
}
