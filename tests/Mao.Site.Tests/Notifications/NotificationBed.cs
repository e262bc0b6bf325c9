using Mao.Core.Model;
using Mao.Federation.Registry;
using Mao.Federation.Store;
using Mao.Insights.Notifications;
using Mao.Orchestrations.Verification;
using Mao.Site.Hosting;
using Mao.Site.Tests.Support;
using Mao.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Mao.Site.Tests.Notifications;

/// <summary>
/// One site host (site-a) holding ground truth of the made-up image tool "imgs" for several days, stored as the
/// rounds store it (site "ground-truth"), with a short alert window so a handful of days can raise an alert.
/// </summary>
public sealed class NotificationBed : IAsyncDisposable
{
    public const string Tool = "imgs";
    public const string Site = "site-a";
    public static readonly DateOnly FirstDay = new(2026, 11, 1);

    private NotificationBed(TestFederation federation) => Federation = federation;

    public TestFederation Federation { get; }

    public RunningSite Host => Federation[Site];

    public FederationRegistry Registry => Host.Services.GetRequiredService<FederationRegistry>();

    public AlertNotifier Notifier => Host.Services.GetRequiredService<AlertNotifier>();

    public DeliveryLog Deliveries => Host.Services.GetRequiredService<DeliveryLog>();

    public static async Task<NotificationBed> StartAsync(AzuriteFixture azurite, EtcdFixture etcd, CancellationToken ct, params string[] webhooks)
    {
        var federation = new TestFederation(azurite, etcd);
        try
        {
            var options = federation.Options(Site);
            options.Federation.AlertWindow = 3;
            options.Federation.AlertMetrics[Mao.Federation.Configuration.FederationSettings.AlertMetricsKey(Tool)] = ["records", "sum:size"];
            options.Federation.Webhooks = webhooks;
            options.Federation.WebhookPass = TimeSpan.FromSeconds(1);
            options.Federation.WebhookBackoff = TimeSpan.FromMilliseconds(100);
            await federation.StartAsync(options, ct);
            return new NotificationBed(federation);
        }
        catch
        {
            await federation.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stores a day of ground truth with <paramref name="records"/> images of <paramref name="size"/> each.</summary>
    public async Task<StoreResult> GroundTruthAsync(int day, int records, double size, CancellationToken ct)
    {
        var observedAt = new DateTimeOffset(FirstDay.AddDays(day).ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
        var snapshot = new Snapshot(new SnapshotHeader(Tool, "1.0", EngineVerifier.GroundTruthSite, observedAt, Insights.InsightBed.Schema),
            Enumerable.Range(0, records).Select(i => new SnapshotRecord($"library/image{i}", [FieldValue.OfSet(["amd64"]), FieldValue.Of(size)])));
        return await Host.Services.GetRequiredService<SnapshotStore>().PutAsync(snapshot, ct);
    }

    public static string Period(int day) => FirstDay.AddDays(day).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public ValueTask DisposeAsync() => Federation.DisposeAsync();
}
