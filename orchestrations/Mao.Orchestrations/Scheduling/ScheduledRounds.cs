using System.Globalization;
using Mao.Core.Model;
using Mao.Orchestrations.Local;
using Mao.Orchestrations.Rounds;
using Microsoft.DurableTask.Client;

namespace Mao.Orchestrations.Scheduling;

/// <summary>Who this site is and whom it asks, for rounds the schedule opens.</summary>
public sealed record RoundScheduleSettings(string SiteId, IReadOnlyList<string> Peers, TimeSpan AnswerWindow);

/// <summary>
/// The job behind <see cref="Schedules.ConsensusRounds"/>: for every tool this site holds snapshots of, start a round
/// over the newest one. The round id comes from the tool and the schedule occurrence, so a job that fires twice for
/// the same occurrence (two hosts, a retry) starts the round once.
/// </summary>
public sealed class ScheduledRounds(DurableTaskClient client, SiteDataFolder folder, FolderSnapshotSource snapshots, RoundScheduleSettings settings)
{
    /// <returns>The round ids this call started (rounds that already existed are skipped).</returns>
    public async Task<IReadOnlyList<string>> StartDueRoundsAsync(DateTime occurrenceUtc, CancellationToken cancellationToken)
    {
        var started = new List<string>();
        var root = Path.Combine(folder.Root, "snapshots");
        if (!Directory.Exists(root))
        {
            return started;
        }
        foreach (var tool in Directory.EnumerateDirectories(root).Select(Path.GetFileName).Order(StringComparer.Ordinal))
        {
            if (!Identifier.IsValid(tool) || snapshots.NewestOwn(tool!) is not { } newest)
            {
                continue;
            }
            var roundId = RoundId(tool!, occurrenceUtc);
            if (!Identifier.IsValid(roundId))
            {
                continue;
            }
            var request = new RoundRequest(tool!, roundId, settings.SiteId, newest, settings.Peers, occurrenceUtc + settings.AnswerWindow);
            request.Validate($"scheduled round {roundId}");
            if (await RoundStarter.TryStartAsync(client, request, cancellationToken))
            {
                started.Add(roundId);
            }
        }
        return started;
    }

    /// <summary>&lt;tool&gt;-&lt;yyyyMMdd-HHmmss&gt; of the occurrence (UTC).</summary>
    public static string RoundId(string tool, DateTime occurrenceUtc) =>
        $"{tool}-{occurrenceUtc.ToUniversalTime().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}";
}
