using System.Globalization;
using Mao.Federation.Registry;

namespace Mao.Insights.Notifications;

public sealed record NotificationView(string Key, string Id, string Tool, string Period, string Site, string Series, string Date, double Value,
    double Expected, string Rule, string Severity, DateTimeOffset At, bool Spike);

public sealed record NotificationsReply(int Total, IReadOnlyList<NotificationView> Notifications);

/// <summary>GET /api/notifications: the federation's verified notifications, newest day first; forged or altered ones are left out.</summary>
public sealed class NotificationReads(FederationRegistry registry)
{
    public const int DefaultLimit = 50, MaxLimit = 500;

    public Task<InsightReply> RecentAsync(string? limit, CancellationToken cancellationToken) =>
        InsightReply.GuardAsync("notifications", async ct =>
        {
            var take = InsightQuery.Number(limit, "limit", DefaultLimit, 1, MaxLimit);
            var verified = (await registry.NotificationsAsync(ct)).Where(n => n.Accepted is not null)
                .Select(n => (n.Change.Key, Note: n.Accepted!.Message))
                .OrderByDescending(n => n.Note.Date).ThenByDescending(n => n.Note.At).ToArray();
            var views = verified.Take(take).Select(n => new NotificationView(n.Key, n.Note.Id, n.Note.Tool, n.Note.Period, n.Note.Site, n.Note.Series,
                n.Note.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), n.Note.Value, n.Note.Expected, n.Note.Rule, n.Note.Severity,
                n.Note.At, n.Note.Value > n.Note.Expected)).ToArray();
            return new InsightReply(200, new NotificationsReply(verified.Length, views));
        }, cancellationToken);
}
