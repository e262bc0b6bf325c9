using Mao.Orchestrations.Activities;
using Mao.Orchestrations.Local;
using Mao.Orchestrations.Ports;
using Mao.Orchestrations.Rounds;
using Mao.Orchestrations.Verification;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Mao.Orchestrations;

/// <summary>One place that says which orchestrators, activities and port implementations a host runs.</summary>
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
    /// The ports over a site data folder (no etcd or blob needed). A host that has better adapters registers them
    /// first: these are only added where nothing is registered yet.
    /// </summary>
    public static IServiceCollection AddRoundPorts(this IServiceCollection services, string dataDirectory)
    {
        services.TryAddSingleton(new SiteDataFolder(dataDirectory));
        services.TryAddSingleton<ActivityJournal>();
        services.TryAddSingleton<FolderSnapshotSource>();
        services.TryAddSingleton<ISnapshotSource>(s => s.GetRequiredService<FolderSnapshotSource>());
        services.TryAddSingleton<IGroundTruthSink, FolderGroundTruthSink>();
        services.TryAddSingleton<IRoundMessaging, FolderRoundMessaging>();
        services.TryAddSingleton<IVerifier>(_ => new EngineVerifier());
        services.TryAddTransient<AnnounceRoundActivity>();
        services.TryAddTransient<FetchPeerSnapshotActivity>();
        services.TryAddTransient<VerifyRoundActivity>();
        services.TryAddTransient<PublishGroundTruthActivity>();
        return services;
    }
}
