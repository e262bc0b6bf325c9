using Mao.Federation.Configuration;
using Mao.Federation.Rounds;
using Mao.Orchestrations.Activities;
using Mao.Orchestrations.Rounds;
using Mao.Orchestrations.Verification;
using Mao.Orchestrations.Ports;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Mao.Orchestrations;

/// <summary>One place that says which orchestrators, activities and adapters a host runs.</summary>
public static class RoundServices
{
    /// <summary>Registers the round's orchestrator and activities with a Durable Task worker.</summary>
    public static DurableTaskRegistry AddRoundTasks(this DurableTaskRegistry registry) => registry
        .AddOrchestrator<ConsensusRoundOrchestrator>()
        .AddActivity<AnnounceRoundActivity>()
        .AddActivity<FetchPeerSnapshotActivity>()
        .AddActivity<VerifyRoundActivity>()
        .AddActivity<PublishGroundTruthActivity>();

    /// <summary>
    /// Federated rounds: the federation adapters, the round's activities, starting and planning rounds, and the watch
    /// that turns peers' answers into events. Needs a DurableTaskClient registered by the host.
    /// </summary>
    public static IServiceCollection AddFederatedRounds(this IServiceCollection services, FederationSettings settings)
    {
        services.AddFederation(settings);
        services.TryAddSingleton<IVerifier>(_ => new EngineVerifier());
        services.TryAddSingleton<RoundPlanner>();
        services.TryAddSingleton<RoundStarter>();
        services.TryAddSingleton<AnswerIntake>();
        services.AddHostedService<AnswerRelay>();
        services.TryAddTransient<AnnounceRoundActivity>();
        services.TryAddTransient<FetchPeerSnapshotActivity>();
        services.TryAddTransient<VerifyRoundActivity>();
        services.TryAddTransient<PublishGroundTruthActivity>();
        return services;
    }
}
