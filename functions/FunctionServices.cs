using Mao.Federation.Configuration;
using Mao.Federation.Rounds;
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
        // The peer side waits for this site's own run of a round's period, starting it when there is none yet, as on the
        // site host: over the first client a trigger handed over, a timer switched off by AzureWebJobs.<function>.Disabled.
        services.Replace(ServiceDescriptor.Singleton<IOwnMeasurements>(provider =>
        {
            var holder = provider.GetRequiredService<DurableClientHolder>();
            return OwnToolRuns.Create(provider, async ct => holder.HasClient ? await holder.WaitAsync(ct) : null,
                tool => ToolRunTimers.FunctionOf.TryGetValue(tool, out var function)
                        && bool.TryParse(configuration[ToolRunTimers.DisabledSetting(function)], out var off) && off,
                scheduled: true, configuration);
        }));
        // The answer watch of the site host's AddRoundFrontDoors, started when a trigger has handed over a client.
        services.AddHostedService<ClientAnswerRelay>();
        return services;
    }
}
