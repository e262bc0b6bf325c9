using Mao.Orchestrations;
using Mao.Orchestrations.Scheduling;
using Microsoft.Extensions.DependencyInjection;

namespace Mao.Functions;

/// <summary>What the function classes need from DI, in one place so a test can check the wiring without the Functions host.</summary>
public static class FunctionServices
{
    public static IServiceCollection AddMaoFunctions(this IServiceCollection services, FunctionSettings settings)
    {
        services.AddSingleton(settings);
        services.AddRoundPorts(settings.DataDirectory);
        services.AddSnapshotGateway(settings.DataDirectory, settings.Gateway,
            new RoundScheduleSettings(settings.SiteId, settings.Peers, settings.AnswerWindow));
        return services;
    }
}
