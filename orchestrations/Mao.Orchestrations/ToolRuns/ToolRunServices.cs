using Mao.Tools.Http;
using Microsoft.DurableTask;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Mao.Orchestrations.ToolRuns;

/// <summary>Scheduled tool runs: the orchestrator, its activities, the tools as units, the starter and front doors.</summary>
public static class ToolRunServices
{
    /// <summary>The tools with a built-in runner (one <see cref="IToolUnits"/> each), known before the host is built.</summary>
    public static readonly IReadOnlyList<string> Runnable = [Tools.Manifests.ToolManifests.ArtifactHubHelm.Name, Tools.Manifests.ToolManifests.AwsSar.Name];

    public static DurableTaskRegistry AddToolRunTasks(this DurableTaskRegistry registry) => registry
        .AddOrchestrator<ToolRunOrchestrator>()
        .AddActivity<PlanToolRunActivity>()
        .AddActivity<RunToolUnitActivity>()
        .AddActivity<KeepToolRunActivity>();

    /// <summary>Needs the federation (<see cref="RoundServices.AddFederatedRounds"/>) and a DurableTaskClient in DI.</summary>
    public static IServiceCollection AddToolRuns(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMaoCrawlers(configuration);
        services.TryAddEnumerable(ServiceDescriptor.Transient<IToolUnits, SarUnits>());
        services.TryAddEnumerable(ServiceDescriptor.Transient<IToolUnits, ArtifactHubUnits>());
        // Transient: the tools hold typed HttpClients, which must not be captured for the life of the host.
        services.TryAddTransient<ToolUnitsCatalog>();
        services.TryAddTransient<ToolRunStarter>();
        services.TryAddTransient<ToolRunOperations>();
        services.TryAddSingleton<UnitCheckpoints>();
        services.TryAddTransient<PlanToolRunActivity>();
        services.TryAddTransient<RunToolUnitActivity>();
        services.TryAddTransient<KeepToolRunActivity>();
        return services;
    }
}
