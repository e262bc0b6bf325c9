using Mao.Federation.Registry;
using Mao.Federation.Registry.Documents;
using Mao.Federation.Rounds;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Mao.Orchestrations.Rounds;

/// <summary>What starting a round did.</summary>
public enum StartOutcome
{
    /// <summary>This call claimed the tool's period and started the round's orchestration.</summary>
    Started,

    /// <summary>This site holds the claim and the orchestration exists already (a repeated start): nothing new.</summary>
    AlreadyRunning,

    /// <summary>Another site (or another round id) holds the period's claim: this site joins that round as a peer.</summary>
    Joined,
}

/// <summary>The start's outcome and the claim that stands for the tool's period.</summary>
public sealed record RoundStart(StartOutcome Outcome, RoundClaim Claim);

/// <summary>
/// Starts a round at most once in the whole federation: first the (tool, period) claim in etcd (each site's own signed
/// claim, the earliest of all sites' wins: two sites announcing the same tool and period at once give one round; the
/// loser joins as a peer), then the orchestration named by (tool, round) on this site's task hub. Within a process a
/// lock makes check-and-start one step: Azure Storage's dedupe check only sees instances whose record is already written.
/// </summary>
public sealed class RoundStarter(FederationRegistry registry, DurableTaskClient client, TimeProvider clock)
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public async Task<RoundStart> StartAsync(RoundAnnouncement announcement, CancellationToken cancellationToken)
    {
        announcement.Validate($"round {announcement.Tool}/{announcement.Round}");
        var (won, holder) = await registry.ClaimRoundAsync(announcement.Tool, announcement.Period, announcement.Round, clock.GetUtcNow(), cancellationToken);
        if (!won)
        {
            return new RoundStart(StartOutcome.Joined, holder);
        }
        await Gate.WaitAsync(cancellationToken);
        try
        {
            return new RoundStart(await StartUnlessExistsAsync(announcement, cancellationToken) ? StartOutcome.Started : StartOutcome.AlreadyRunning, holder);
        }
        finally
        {
            Gate.Release();
        }
    }

    private async Task<bool> StartUnlessExistsAsync(RoundAnnouncement announcement, CancellationToken cancellationToken)
    {
        var instanceId = RoundInstance.Id(announcement.Tool, announcement.Round);
        if (await client.GetInstanceAsync(instanceId, cancellationToken) is not null)
        {
            return false;
        }
        var options = new StartOrchestrationOptions(InstanceId: instanceId)
            .WithDedupeStatuses([.. StartOrchestrationOptionsExtensions.ValidDedupeStatuses]);
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(nameof(ConsensusRoundOrchestrator), announcement, options, cancellationToken);
            return true;
        }
        catch (Exception e) when (IsAlreadyExists(e))
        {
            return false;
        }
    }

    /// <summary>The gRPC sidecar reports a dedupe refusal as status AlreadyExists; matched by name so this library needs no gRPC types.</summary>
    private static bool IsAlreadyExists(Exception e) =>
        e.GetType().Name == "RpcException" && e.Message.Contains("AlreadyExists", StringComparison.Ordinal)
        || e.GetType().Name == "OrchestrationAlreadyExistsException";
}
