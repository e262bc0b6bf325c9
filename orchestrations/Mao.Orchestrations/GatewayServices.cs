using Mao.Federation.Configuration;
using Mao.Orchestrations.Api;
using Mao.Tools.Gateway;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Mao.Orchestrations;

/// <summary>The gateway for external tools as both hosts run it: tools registered in the data folder, the shared front door.</summary>
public static class GatewayServices
{
    /// <summary>Needs <see cref="RoundServices.AddFederatedRounds"/>; the front door itself (SnapshotSubmissions) comes with the round front doors.</summary>
    public static IServiceCollection AddSnapshotGateway(this IServiceCollection services, FederationSettings settings, GatewayOptions options)
    {
        services.TryAddSingleton<IToolRegistry>(new FileToolRegistry(settings.DataDirectory));
        services.TryAddSingleton(options);
        services.TryAddSingleton<SnapshotGateway>();
        return services;
    }
}
