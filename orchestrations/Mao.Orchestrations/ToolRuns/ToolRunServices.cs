using Mao.Federation.Configuration;
using Mao.Tools.DockerHub;
using Mao.Tools.Http;
using Mao.Tools.Manifests;
using Microsoft.DurableTask;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Mao.Orchestrations.ToolRuns;

/// <summary>Scheduled tool runs: the orchestrator, its activities, the tools as units, the starter and front doors.</summary>
public static class ToolRunServices
{
    /// <summary>The tools with a built-in runner (one <see cref="IToolUnits"/> each), known before the host is built.</summary>
    public static readonly IReadOnlyList<string> Runnable =
    [
        ToolManifests.ArtifactHubHelm.Name, ToolManifests.AwsSar.Name, ToolManifests.DockerHubTags.Name, ToolManifests.DockerfileLint.Name,
    ];

    public static DurableTaskRegistry AddToolRunTasks(this DurableTaskRegistry registry) => registry
        .AddOrchestrator<ToolRunOrchestrator>()
        .AddActivity<PlanToolRunActivity>()
        .AddActivity<RunToolUnitActivity>()
        .AddActivity<CarryOverUnitActivity>()
        .AddActivity<ReadRunUnitsActivity>()
        .AddActivity<AppendRunUnitsActivity>()
        .AddActivity<KeepToolRunActivity>()
        .AddActivity<MarkRunKeptActivity>()
        .AddActivity<ForgetFailedUnitsActivity>()
        .AddActivity<CleanUpRunsActivity>();

    /// <summary>Needs the federation (<see cref="RoundServices.AddFederatedRounds"/>); see also <see cref="AddToolRunFrontDoors"/>.</summary>
    public static IServiceCollection AddToolRuns(this IServiceCollection services, IConfiguration configuration)
    {
        // Before the crawlers (which only add a cache when none is there): a site keeps registry documents under its data
        // folder, so each digest is fetched once ever across runs; Mao:DockerHub:ManifestCacheDirectory overrides it.
        services.TryAddSingleton<IManifestCache>(provider =>
        {
            var configured = provider.GetRequiredService<IOptions<DockerHubOptions>>().Value.ManifestCacheDirectory;
            var data = provider.GetRequiredService<FederationSettings>().DataDirectory;
            return new FileManifestCache(configured.Length > 0 ? configured : Path.Combine(data, "registry-manifests"));
        });
        services.AddMaoCrawlers(configuration);
        services.AddOptions<DockerfileLintOptions>().Bind(configuration.GetSection(DockerfileLintOptions.Section));
        services.AddOptions<ToolRunOptions>().Bind(configuration.GetSection(ToolRunOptions.Section))
            .Validate(o => o.BatchesPerGeneration is >= 1 and <= 1000, $"{ToolRunOptions.Section}:BatchesPerGeneration must be 1..1000")
            .Validate(o => o.MaxCarriedOverShare is >= 0 and <= 1, $"{ToolRunOptions.Section}:MaxCarriedOverShare must be a share of the units, 0..1");
        services.AddHttpClient(DockerfileLintUnits.HttpClientName).AddStandardResilienceHandler();
        services.TryAddEnumerable(ServiceDescriptor.Transient<IToolUnits, SarUnits>());
        services.TryAddEnumerable(ServiceDescriptor.Transient<IToolUnits, ArtifactHubUnits>());
        services.TryAddEnumerable(ServiceDescriptor.Transient<IToolUnits, DockerHubTagsUnits>());
        services.TryAddEnumerable(ServiceDescriptor.Transient<IToolUnits, DockerfileLintUnits>());
        // Transient: the tools hold typed HttpClients, which must not be captured for the life of the host.
        services.TryAddTransient(provider => new ToolShards(
            provider.GetRequiredService<Federation.Registry.FederationRegistry>(), provider.GetRequiredService<FederationSettings>(), configuration));
        services.TryAddTransient<ToolUnitsCatalog>();
        services.TryAddSingleton<RecentRuns>();
        services.TryAddSingleton<RunBlobs>();
        services.TryAddSingleton<UnitCheckpoints>();
        services.TryAddSingleton<ListingCheckpoints>();
        services.TryAddTransient<ToolRunAssembly>();
        services.TryAddSingleton<RunLedger>();
        services.TryAddTransient<PlanToolRunActivity>();
        services.TryAddTransient<RunToolUnitActivity>();
        services.TryAddTransient<CarryOverUnitActivity>();
        services.TryAddTransient<ReadRunUnitsActivity>();
        services.TryAddTransient<AppendRunUnitsActivity>();
        services.TryAddTransient<MarkRunKeptActivity>();
        services.TryAddTransient<ForgetFailedUnitsActivity>();
        services.TryAddSingleton<RunCleanup>();
        services.TryAddTransient<CleanUpRunsActivity>();
        return services;
    }

    /// <summary>
    /// What needs a DurableTaskClient in DI: the starter, the front doors and the keeping activity (which starts the round).
    /// The site host has a client in DI; the Functions app, whose client comes as a binding, makes them per call.
    /// </summary>
    /// <param name="scheduled">Whether this host runs its tools on their schedules (the site host's scheduler is on):
    /// only then does a round's announcement start this site's own run of the period.</param>
    public static IServiceCollection AddToolRunFrontDoors(this IServiceCollection services, bool scheduled = true)
    {
        services.TryAddTransient<ToolRunStarter>();
        services.TryAddTransient<ToolRunOperations>();
        services.TryAddTransient<KeepToolRunActivity>();
        // Replaces the federation's "nothing under way": a peer of a round answers once its own run of the period is kept,
        // starting that run when it has none yet. The Functions app wires the same with its per-call client (FunctionServices).
        services.Replace(ServiceDescriptor.Singleton<Federation.Rounds.IOwnMeasurements>(provider => OwnToolRuns.ForSiteHost(provider, scheduled)));
        return services;
    }
}
