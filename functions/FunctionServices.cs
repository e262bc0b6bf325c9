using Mao.Federation.Configuration;
using Mao.Insights;
using Mao.Orchestrations;
using Mao.Orchestrations.ToolRuns;
using Mao.Tools.Gateway;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Mao.Functions;

/// <summary>What the function classes need from DI, in one place so a test can check the wiring without the Functions host.</summary>
public static class FunctionServices
{
    /// <param name="configuration">The app settings: crawler options and Docker Hub credentials for the tool runs.</param>
    public static IServiceCollection AddMaoFunctions(this IServiceCollection services, FederationSettings settings, IConfiguration configuration, GatewayOptions? gateway = null)
    {
        services.AddFederatedRounds(settings);
        // The tools as units of work and the run activities; the starter and front doors are made per call (FrontDoors).
        services.AddToolRuns(configuration);
        services.AddSnapshotGateway(settings, gateway ?? new GatewayOptions());
        // The insight reads (and the alert notifier and webhook deliveries behind the notifications route).
        services.AddInsights();
        services.AddSingleton<DurableClientHolder>();
        services.AddSingleton<FrontDoors>();
        // The answer watch of the site host's AddRoundFrontDoors, started when a trigger has handed over a client.
        services.AddHostedService<ClientAnswerRelay>();
        return services;
    }
}
