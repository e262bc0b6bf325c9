using Mao.Federation.Registry.Documents;
using Mao.Federation.Rounds;
using Microsoft.DurableTask;

namespace Mao.Orchestrations.Activities;

/// <summary>Announces the round to the federation (signed, etcd). Idempotent: an identical announcement already there is success.</summary>
public sealed class AnnounceRoundActivity(IRoundMessaging messaging) : TaskActivity<RoundAnnouncement, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, RoundAnnouncement input)
    {
        await ExecuteAsync(input, CancellationToken.None);
        return true;
    }

    /// <summary>The activity's work, callable from hosts that bind activities themselves (the Functions app).</summary>
    public Task ExecuteAsync(RoundAnnouncement input, CancellationToken cancellationToken)
    {
        input.Validate($"announce {input.Tool}/{input.Round}");
        return messaging.AnnounceAsync(input, cancellationToken);
    }
}
