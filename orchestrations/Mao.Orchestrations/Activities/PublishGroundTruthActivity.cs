using Mao.Federation.Registry.Documents;
using Mao.Federation.Rounds;
using Microsoft.DurableTask;

namespace Mao.Orchestrations.Activities;

/// <summary>Publishes the ground truth once per (tool, period): git ground-truth branch + tag, then etcd by compare-and-swap.</summary>
public sealed class PublishGroundTruthActivity(IGroundTruthSink sink) : TaskActivity<VerifiedResult, PublishOutcome>
{
    public override Task<PublishOutcome> RunAsync(TaskActivityContext context, VerifiedResult input) => ExecuteAsync(input, CancellationToken.None);

    public Task<PublishOutcome> ExecuteAsync(VerifiedResult input, CancellationToken cancellationToken)
    {
        input.Validate($"publish {input.Tool}/{input.Round}");
        return sink.PublishAsync(input, cancellationToken);
    }
}
