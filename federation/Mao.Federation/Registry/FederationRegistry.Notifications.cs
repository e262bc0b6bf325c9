using Mao.Federation.Registry.Documents;

namespace Mao.Federation.Registry;

/// <summary>Notifications: signed like round messages, so a value written straight into etcd is never believed.</summary>
public sealed partial class FederationRegistry
{
    /// <summary>
    /// Writes the signed notification at its deterministic key. Created once: the same alert again (a re-run, a
    /// re-delivered verified result) finds its key taken and comes back with <c>Won = false</c>, never a second copy.
    /// </summary>
    public Task<CasResult> NotifyAsync(Notification notification, CancellationToken cancellationToken) =>
        PublishSignedAsync(Keys.Notification(notification.Date, notification.Site, notification.Id), notification, cancellationToken);

    /// <summary>Every notification, oldest day first, each verified; rejected ones carry their reason and are never to be shown or sent.</summary>
    public async Task<IReadOnlyList<SignedEvent<Notification>>> NotificationsAsync(CancellationToken cancellationToken)
    {
        var range = await Etcd.GetPrefixAsync(Keys.NotificationsPrefix, cancellationToken);
        var notes = new List<SignedEvent<Notification>>(range.Entries.Count);
        // Keys group by site first (each site writes only its own prefix); the id after it starts with the day.
        foreach (var entry in range.Entries.OrderBy(e => KeyLayout.NotificationId(e.Key), StringComparer.Ordinal))
        {
            var change = new RegistryEvent(RegistryEventKind.Put, entry.Key, entry.Value, entry.ModRevision, entry.CreateRevision, entry.Version);
            notes.Add(await OpenEventAsync(change, KeyOf<Notification>(), cancellationToken));
        }
        return notes;
    }

    /// <summary>Notifications already there, then each new one: what wakes the webhook deliveries.</summary>
    public IAsyncEnumerable<SignedEvent<Notification>> WatchNotificationsAsync(CancellationToken cancellationToken) =>
        WatchSignedAsync<Notification>(Keys.NotificationsPrefix, cancellationToken);
}
