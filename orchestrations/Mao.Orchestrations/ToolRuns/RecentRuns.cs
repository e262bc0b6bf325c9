using Mao.Core.Model;
using Mao.Federation.Configuration;
using Mao.Orchestrations.Api;
using Microsoft.DurableTask.Client;

namespace Mao.Orchestrations.ToolRuns;

/// <summary>One tool's run for one period: its state ("None" when it never started) and when it last changed.</summary>
public sealed record RunSummary(string Tool, string Period, string RuntimeStatus, DateTimeOffset? LastUpdatedAt);

/// <summary>GET /api/runs: each tool this site runs, with today's and yesterday's runs (newest first).</summary>
public sealed record RunList(IReadOnlyList<RunSummary> Runs);

/// <summary>
/// The recent runs of this site's tools (<see cref="FederationSettings.Tools"/>, MAO_TOOLS), read from the durable
/// client: both hosts call it, the Functions app with the client its trigger binds.
/// </summary>
public sealed class RecentRuns(FederationSettings settings, TimeProvider clock)
{
    public async Task<ApiReply> ListAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var periods = new[] { Period.Of(now), Period.Of(now.AddDays(-1)) };
        var runs = new List<RunSummary>();
        foreach (var tool in settings.Tools)
        {
            foreach (var period in periods)
            {
                var instance = await client.GetInstanceAsync(ToolRunInstance.Id(tool, period), getInputsAndOutputs: false, cancellationToken);
                runs.Add(new RunSummary(tool, period, instance is null ? "None" : ToolRunOperations.ShownStatus(instance.RuntimeStatus), instance?.LastUpdatedAt));
            }
        }
        return new ApiReply(200, new RunList(runs));
    }
}
