using Mao.Federation.Configuration;
using Mao.Federation.Identity;
using Mao.Federation.Registry;
using Mao.Federation.Store;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Mao.Federation.Rounds;

/// <summary>
/// The federation adapters a site runs, wired the same way by the site host and the Functions app from one
/// <see cref="FederationSettings"/>: registry (etcd, signed), store (blob + table), datasets (git), the round ports,
/// and the hosted services that keep the site's card alive, answer other sites' rounds and apply verified results.
/// </summary>
public static class FederationServices
{
    public static IServiceCollection AddFederation(this IServiceCollection services, FederationSettings settings)
    {
        settings.Validate();
        services.TryAddSingleton(settings);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SiteEndpoint>();
        services.TryAddSingleton(_ => SiteIdentity.LoadKey(settings));
        services.TryAddSingleton(s => new MessageSigner(s.GetRequiredService<SiteKeyPair>()));
        services.TryAddSingleton(_ => new EtcdRegistry(settings.Etcd));
        services.TryAddSingleton(s => new FederationRegistry(s.GetRequiredService<EtcdRegistry>(), s.GetRequiredService<MessageSigner>(),
            logger: s.GetRequiredService<ILoggerFactory>().CreateLogger<FederationRegistry>()));
        services.TryAddSingleton(_ => new SnapshotStore(settings.StoreOptions()));
        services.AddHttpClient();
        SnapshotFetcher.AddFetchClient(services);
        services.TryAddSingleton<ISnapshotLibrary, SiteSnapshotLibrary>();
        services.TryAddSingleton<ISnapshotFetcher, SnapshotFetcher>();
        services.TryAddSingleton<IGroundTruthSink, FederatedGroundTruthSink>();
        services.TryAddSingleton<IRoundMessaging, EtcdRoundMessaging>();
        services.TryAddSingleton<SnapshotDownloads>();
        services.TryAddSingleton<AcceptedMeasurements>();
        services.TryAddSingleton<IOwnMeasurements, NoOwnMeasurements>();
        services.TryAddSingleton<SiteDecisions>();
        services.TryAddSingleton<SiteAgreementHistory>();
        services.TryAddSingleton<SiteView>();
        services.TryAddSingleton<CatchUpCursors>();
        // Hosted services start in this order: storage exists before the site announces itself and starts answering.
        services.AddHostedService<StoreInitializer>();
        services.AddHostedService<SiteCardKeeper>();
        services.AddHostedService<AnnouncementResponder>();
        services.AddHostedService<VerifiedWatcher>();
        return services;
    }

    /// <summary>Creates the site's blob container and index table before anything uses them.</summary>
    private sealed class StoreInitializer(SnapshotStore store, FederationSettings settings) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            Directory.CreateDirectory(Path.Combine(settings.DataDirectory, "tmp"));
            return store.InitializeAsync(cancellationToken);
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
