using Mao.Federation.Configuration;
using Mao.Orchestrations;
using Mao.Tools.Gateway;
using Microsoft.Extensions.DependencyInjection;

namespace Mao.Functions;

/// <summary>What the function classes need from DI, in one place so a test can check the wiring without the Functions host.</summary>
public static class FunctionServices
{
    public static IServiceCollection AddMaoFunctions(this IServiceCollection services, FederationSettings settings, GatewayOptions? gateway = null)
    {
        services.AddFederatedRounds(settings);
        services.AddSnapshotGateway(settings, gateway ?? new GatewayOptions());
        services.AddSingleton<DurableClientHolder>();
        services.AddSingleton<FrontDoors>();
        // The answer watch of the site host's AddRoundFrontDoors, started when a trigger has handed over a client.
        services.AddHostedService<ClientAnswerRelay>();
        return services;
    }
}
