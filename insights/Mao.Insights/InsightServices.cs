using Mao.Federation.Configuration;
using Mao.Federation.Registry;
using Mao.Federation.Rounds;
using Mao.Federation.Store;
using Mao.Insights.Notifications;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Mao.Insights;

public static class InsightServices
{
    /// <summary>
    /// The insight reads over the federation adapters (<c>AddFederation</c> registers the store and registry), the alert
    /// notifier the verified watcher calls after each acceptance, and the webhook deliveries.
    /// </summary>
    public static IServiceCollection AddInsights(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => new GroundTruthDays(sp.GetRequiredService<SnapshotStore>(), sp.GetRequiredService<FederationRegistry>()));
        services.TryAddSingleton(sp => new InsightReads(sp.GetRequiredService<GroundTruthDays>(), sp.GetRequiredService<FederationRegistry>(),
            sp.GetRequiredService<FederationSettings>()));
        services.TryAddSingleton(sp => new ArtefactCards(sp.GetRequiredService<GroundTruthDays>()));
        services.TryAddSingleton<AlertNotifier>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAcceptedResultListener, AlertNotifier>(sp => sp.GetRequiredService<AlertNotifier>()));
        services.TryAddSingleton<DeliveryLog>();
        services.TryAddSingleton<NotificationReads>();
        services.TryAddSingleton<FederationDecisions>();
        services.AddHttpClient(FederationDecisions.ClientName);
        services.AddHttpClient(WebhookDeliverer.ClientName);
        services.AddHostedService<WebhookDeliverer>();
        return services;
    }
}
