using Mao.Federation.Registry;
using Mao.Federation.Registry.Documents;
using Microsoft.DurableTask;

namespace Mao.Orchestrations.Activities;

/// <summary>Which peers a round still waits for when its deadline passes.</summary>
public sealed record AnswerSweep(string Tool, string Round, IReadOnlyList<string> Waiting);

/// <summary>
/// Reads the round's answers straight from the registry for the peers it still waits for. The watch raises each answer
/// as an event once; an event lost on the way (a host killed as the round starts, a start message redelivered by the
/// durable backend) would otherwise leave an answered peer timed out. Only signed, verified answers of waiting peers
/// come back, sorted by site; the orchestrator's answer book still judges them (repeats, replays, strangers).
/// </summary>
public sealed class SweepAnswersActivity(FederationRegistry registry) : TaskActivity<AnswerSweep, RoundAnswer[]>
{
    public override Task<RoundAnswer[]> RunAsync(TaskActivityContext context, AnswerSweep input) => ExecuteAsync(input, CancellationToken.None);

    public async Task<RoundAnswer[]> ExecuteAsync(AnswerSweep input, CancellationToken cancellationToken)
    {
        var waiting = input.Waiting.ToHashSet(StringComparer.Ordinal);
        return (await registry.ReadAnswersAsync(input.Tool, input.Round, cancellationToken))
            .Select(change => change.Accepted?.Message)
            .OfType<RoundAnswer>()
            .Where(answer => waiting.Contains(answer.Site) && answer.Tool == input.Tool && answer.Round == input.Round)
            .OrderBy(answer => answer.Site, StringComparer.Ordinal)
            .ToArray();
    }
}
