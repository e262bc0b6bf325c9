using Mao.Federation.Configuration;
using Mao.Federation.Rounds;
using Mao.Orchestrations.Rounds;

namespace Mao.Orchestrations.Scheduling;

/// <summary>
/// The job behind <see cref="Schedules.ConsensusRounds"/>: for every tool this site runs (MAO_TOOLS), start the round of
/// its newest snapshot's period. The (tool, period) claim makes a job that fires twice, on two hosts or two sites,
/// start one round.
/// </summary>
public sealed class ScheduledRounds(ISnapshotLibrary library, RoundPlanner planner, RoundStarter starter, FederationSettings settings)
{
    /// <returns>What each start did, as "tool/round: outcome".</returns>
    public async Task<IReadOnlyList<string>> StartDueRoundsAsync(CancellationToken cancellationToken)
    {
        var started = new List<string>();
        foreach (var tool in settings.Tools.Order(StringComparer.Ordinal))
        {
            if (await library.NewestAsync(tool, cancellationToken) is not { } newest)
            {
                continue;
            }
            var announcement = await planner.PlanAsync(newest, roundId: null, window: null, peers: null, cancellationToken);
            var start = await starter.StartAsync(announcement, cancellationToken);
            started.Add($"{tool}/{start.Claim.Round}: {start.Outcome.ToString().ToLowerInvariant()}");
        }
        return started;
    }
}
