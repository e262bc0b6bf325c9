using Mao.Federation.Configuration;
using Mao.Federation.Registry;
using Mao.Federation.Store;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Mao.Insights;

public static class InsightServices
{
    /// <summary>The insight reads over the federation adapters (<c>AddFederation</c> registers the store and registry).</summary>
    public static IServiceCollection AddInsights(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => new GroundTruthDays(sp.GetRequiredService<SnapshotStore>(), sp.GetRequiredService<FederationRegistry>()));
        services.TryAddSingleton(sp => new InsightReads(sp.GetRequiredService<GroundTruthDays>(), sp.GetRequiredService<FederationRegistry>(),
            sp.GetRequiredService<FederationSettings>()));
        services.TryAddSingleton(sp => new ArtefactCards(sp.GetRequiredService<GroundTruthDays>()));
        return services;
    }
}
