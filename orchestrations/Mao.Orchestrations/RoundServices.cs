using Mao.Federation.Configuration;
using Mao.Federation.Rounds;
using Mao.Orchestrations.Activities;
using Mao.Orchestrations.Api;
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
        .AddActivity<SweepAnswersActivity>()
        .AddActivity<FetchPeerSnapshotActivity>()
        .AddActivity<VerifyRoundActivity>()
        .AddActivity<PublishGroundTruthActivity>();

    /// <summary>
    /// Federated rounds: the federation adapters (registry, store, datasets, the peer side) and the round's activities.
    /// Front doors that need a DurableTaskClient are added by <see cref="AddRoundFrontDoors"/> where the host has one in DI;
    /// the Functions app, whose client comes as a binding, creates them per call with <c>ActivatorUtilities</c>.
    /// </summary>
    public static IServiceCollection AddFederatedRounds(this IServiceCollection services, FederationSettings settings)
    {
        services.AddFederation(settings);
        services.TryAddSingleton<IVerifier>(_ => new EngineVerifier());
        services.TryAddSingleton<RoundPlanner>();
        services.TryAddSingleton<FederationCatchUp>();
        services.TryAddSingleton<SiteReads>();
        services.TryAddSingleton<DependencyCheck>();
        services.TryAddTransient<AnnounceRoundActivity>();
        services.TryAddTransient<SweepAnswersActivity>();
        services.TryAddTransient<FetchPeerSnapshotActivity>();
        services.TryAddTransient<VerifyRoundActivity>();
        services.TryAddTransient<PublishGroundTruthActivity>();
        return services;
    }

    /// <summary>
    /// Starting rounds, taking answers (the etcd watch that raises them as events, unless <paramref name="answerRelay"/>
    /// is false: then only the HTTP route and a catch-up deliver them), the HTTP front doors.
    /// </summary>
    public static IServiceCollection AddRoundFrontDoors(this IServiceCollection services, bool answerRelay = true)
    {
        services.TryAddSingleton<RoundStarter>();
        services.TryAddSingleton<AnswerIntake>();
        services.TryAddSingleton<RoundOperations>();
        services.TryAddSingleton<SnapshotSubmissions>();
        if (answerRelay)
        {
            services.AddHostedService<AnswerRelay>();
        }
        return services;
    }
}
