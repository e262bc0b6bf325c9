using System.Globalization;
using Mao.Core;
using Mao.Core.Sharding;
using Mao.Federation.Configuration;
using Mao.Federation.Registry;
using Microsoft.Extensions.Configuration;

namespace Mao.Orchestrations.ToolRuns;

/// <summary>
/// The shard plan of a tool this site runs: <c>Mao:Sharding:&lt;tool&gt;:Replicas</c> sites measure each unit, the units
/// hashed over the live site cards that list the tool (this site always counts, even if its card's lease just lapsed).
/// Not configured: no plan, every site measures every unit. Read when a run is planned, so a site that joined or left
/// changes the next period's shards, not a run under way.
/// </summary>
public sealed class ToolShards(FederationRegistry registry, FederationSettings settings, IConfiguration configuration)
{
    public const string Section = "Mao:Sharding";

    public static string ReplicasKey(string tool) => $"{Section}:{tool}:Replicas";

    public string Site => settings.SiteId;

    /// <summary>The configured replicas of <paramref name="tool"/>, or null when it is not sharded.</summary>
    public int? Replicas(string tool)
    {
        var key = ReplicasKey(tool);
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var replicas) || replicas < 1)
        {
            throw new MaoFormatException($"configuration {key}", $"'{text}' is not a whole number of sites of at least 1 (leave it unset for no sharding)");
        }
        return replicas;
    }

    public async Task<ShardPlan?> PlanAsync(string tool, CancellationToken cancellationToken)
    {
        if (Replicas(tool) is not { } replicas)
        {
            return null;
        }
        var live = await registry.LiveSitesAsync(cancellationToken);
        var plan = new ShardPlan(live.Where(c => c.Tools.Contains(tool, StringComparer.Ordinal)).Select(c => c.Site).Append(settings.SiteId).ToArray(), replicas);
        plan.Validate($"shard plan of {tool}");
        return plan;
    }
}
