using System.Globalization;
using Mao.Core;
using Mao.Federation.Registry;
using Mao.Orchestrations.Api;

namespace Mao.Insights.Notifications;

public sealed record NotificationView(string Key, string Id, string Tool, string Period, string Site, string Series, string Date, double Value,
    double Expected, string Rule, string Severity, DateTimeOffset At, bool Spike);

/// <param name="Total">Verified notifications in the registry; <paramref name="Offset"/> and <paramref name="Limit"/> say which page this is.</param>
public sealed record NotificationsReply(int Total, int Offset, int Limit, IReadOnlyList<NotificationView> Notifications);

/// <summary>
/// GET /api/notifications?limit=&amp;offset=: the federation's verified notifications, newest day first; forged or altered
/// ones are left out. The ETag covers every notification key's revision, so any new or changed notification changes it.
/// </summary>
public sealed class NotificationReads(FederationRegistry registry)
{
    public const int DefaultLimit = 50, MaxLimit = 500;

    public Task<InsightReply> RecentAsync(string? limit, string? offset, string? ifNoneMatch, CancellationToken cancellationToken) =>
        InsightReply.GuardAsync("notifications", async ct =>
        {
            var take = QueryParameter.Number(limit, "limit", DefaultLimit, 1, MaxLimit);
            var skip = QueryParameter.Number(offset, "offset", 0, 0, int.MaxValue);
            var all = await registry.NotificationsAsync(ct);
            var etag = EntityTags.Of("notifications", all.Select(n => $"{n.Change.Key}@{n.Change.ModRevision}").Prepend($"{take}|{skip}"));
            if (InsightReply.Matches(ifNoneMatch, etag))
            {
                return InsightReply.NotModified(etag);
            }
            var verified = all.Where(n => n.Accepted is not null)
                .Select(n => (n.Change.Key, Note: n.Accepted!.Message))
                .OrderByDescending(n => n.Note.Date).ThenByDescending(n => n.Note.At).ThenBy(n => n.Key, StringComparer.Ordinal).ToArray();
            var views = verified.Skip(skip).Take(take).Select(n => new NotificationView(n.Key, n.Note.Id, n.Note.Tool, n.Note.Period, n.Note.Site, n.Note.Series,
                n.Note.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), n.Note.Value, n.Note.Expected, n.Note.Rule, n.Note.Severity,
                n.Note.At, n.Note.Value > n.Note.Expected)).ToArray();
            return new InsightReply(200, new NotificationsReply(verified.Length, skip, take, views), ETag: etag);
        }, cancellationToken);
}
