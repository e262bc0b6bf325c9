using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Mao.Federation.Configuration;
using Mao.Federation.Store;

namespace Mao.Insights.Notifications;

/// <summary>Where one notification stands with one webhook: attempts so far, the last error, when it was delivered.</summary>
/// <param name="Status"><see cref="DeliveryLog.Failing"/> until a 2xx answer, then <see cref="DeliveryLog.Delivered"/>.</param>
public sealed record Delivery(string Notification, string Webhook, int Attempts, string Status, string? LastError, DateTimeOffset? LastAttemptAt,
    DateTimeOffset? DeliveredAt);

/// <summary>
/// The delivery log, this site's table "deliveries" (SiteTable): PartitionKey the notification's key below
/// /mao/notifications/, RowKey a hash of the webhook URL (table keys cannot hold '/'). Only this site's deliverer writes
/// it, one pass at a time, so a plain upsert per attempt is safe.
/// </summary>
public sealed class DeliveryLog(FederationSettings settings)
{
    public const string Failing = "failing";
    public const string Delivered = "delivered";

    private readonly SiteTable _site = new(settings, "deliveries");

    public string Name => _site.Name;

    public async Task<Delivery?> GetAsync(string notificationId, string webhook, CancellationToken cancellationToken)
    {
        await _site.EnsureAsync(cancellationToken);
        var row = await _site.Client.GetEntityIfExistsAsync<TableEntity>(notificationId, Row(webhook), cancellationToken: cancellationToken);
        return row.HasValue ? FromEntity(row.Value!) : null;
    }

    public async Task RecordAsync(string notificationId, Delivery delivery, CancellationToken cancellationToken)
    {
        await _site.EnsureAsync(cancellationToken);
        await _site.Client.UpsertEntityAsync(new TableEntity(notificationId, Row(delivery.Webhook))
        {
            ["notification"] = delivery.Notification,
            ["webhook"] = delivery.Webhook,
            ["attempts"] = delivery.Attempts,
            ["status"] = delivery.Status,
            ["lastError"] = delivery.LastError,
            ["lastAttemptAt"] = delivery.LastAttemptAt,
            ["deliveredAt"] = delivery.DeliveredAt,
        }, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<IReadOnlyList<Delivery>> ListAsync(CancellationToken cancellationToken)
    {
        await _site.EnsureAsync(cancellationToken);
        var list = new List<Delivery>();
        await foreach (var row in _site.Client.QueryAsync<TableEntity>(cancellationToken: cancellationToken))
        {
            list.Add(FromEntity(row));
        }
        return list;
    }

    private static string Row(string webhook) => "w" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(webhook)))[..32];

    private static Delivery FromEntity(TableEntity row) => new(row.GetString("notification") ?? row.PartitionKey, row.GetString("webhook") ?? "",
        row.GetInt32("attempts") ?? 0, row.GetString("status") ?? Failing, row.GetString("lastError"), row.GetDateTimeOffset("lastAttemptAt"),
        row.GetDateTimeOffset("deliveredAt"));
}
