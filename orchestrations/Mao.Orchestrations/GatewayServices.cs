using Mao.Orchestrations.Api;
using Mao.Orchestrations.Local;
using Mao.Orchestrations.Scheduling;
using Mao.Tools.Gateway;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Mao.Orchestrations;

/// <summary>The gateway for external tools as both hosts run it: tools registered in the data folder, the shared front door.</summary>
public static class GatewayServices
{
    /// <summary>Needs <see cref="RoundServices.AddRoundPorts"/> (the snapshot folder); rounds started on ?round=now use <paramref name="rounds"/>.</summary>
    public static IServiceCollection AddSnapshotGateway(this IServiceCollection services, string dataDirectory, GatewayOptions options, RoundScheduleSettings rounds)
    {
        services.TryAddSingleton(rounds);
        services.TryAddSingleton<IToolRegistry>(new FileToolRegistry(dataDirectory));
        services.TryAddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SnapshotGateway>();
        services.TryAddSingleton(s => new SnapshotSubmissions(s.GetRequiredService<SnapshotGateway>(), s.GetRequiredService<FolderSnapshotSource>(),
            s.GetRequiredService<RoundScheduleSettings>(), s.GetRequiredService<TimeProvider>()));
        return services;
    }
}
