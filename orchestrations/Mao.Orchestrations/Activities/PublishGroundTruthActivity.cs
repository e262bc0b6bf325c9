using Mao.Orchestrations.Ports;
using Mao.Orchestrations.Rounds;
using Microsoft.DurableTask;

namespace Mao.Orchestrations.Activities;

/// <summary>Publishes the ground truth exactly once per (tool, round): the sink's create-only write makes re-runs harmless.</summary>
public sealed class PublishGroundTruthActivity(IGroundTruthSink sink) : TaskActivity<PublishRequest, PublishOutcome>
{
    public override Task<PublishOutcome> RunAsync(TaskActivityContext context, PublishRequest input) => ExecuteAsync(input, CancellationToken.None);

    public Task<PublishOutcome> ExecuteAsync(PublishRequest input, CancellationToken cancellationToken)
    {
        input.GroundTruth.Validate($"publish {input.RoundId}");
        return sink.PublishAsync(input, cancellationToken);
    }
}
