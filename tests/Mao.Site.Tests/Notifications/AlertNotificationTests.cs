using Mao.Federation.Registry.Documents;
using Mao.Site.Tests.Support;
using Mao.Testing;

namespace Mao.Site.Tests.Notifications;

/// <summary>
/// Alerts become signed notifications when the site accepts a verified result: one per new alert on the latest day,
/// none on quiet days, and a re-run (or the same result again) writes nothing more.
/// </summary>
[Collection(FederationCollection.Name)]
public sealed class AlertNotificationTests(AzuriteFixture azurite, EtcdFixture etcd)
{
    [Fact]
    public async Task AcceptedResult_RaisesOneSignedNotificationPerAlert_AndReRunsDoNotDuplicate()
    {
        using var timeout = TestSites.Timeout(180);
        var ct = timeout.Token;
        await using var bed = await NotificationBed.StartAsync(azurite, etcd, ct);
        for (var d = 0; d < 4; d++)
        {
            await bed.GroundTruthAsync(d, records: 2, size: 100, ct);
        }
        // Quiet days: the full window of equal values raises nothing.
        Assert.Empty(await bed.Notifier.NotifyAsync(NotificationBed.Tool, NotificationBed.Period(3), 1, ct));

        // Day 4 doubles the images: both watched series (records, sum:size) jump. Its verified result, signed by this
        // site, reaches the verified watcher, which accepts it and evaluates.
        var stored = await bed.GroundTruthAsync(4, records: 4, size: 100, ct);
        var period = NotificationBed.Period(4);
        // A period whose ground truth this site does not hold raises nothing, not the alerts of an older day under its name.
        Assert.Empty(await bed.Notifier.NotifyAsync(NotificationBed.Tool, NotificationBed.Period(5), 1, ct));
        var entry = stored.Entry;
        var pointer = new SnapshotPointer(entry.ContentId, entry.Size, entry.Tool, entry.ToolVersion, entry.Site, period, entry.ObservedAt,
            [new SnapshotLocation(LocationKind.Http, $"http://127.0.0.1:9/api/snapshots/{entry.ContentId}")]);
        var result = new VerifiedResult(NotificationBed.Tool, period, "r-" + period, NotificationBed.Site, 1, pointer,
            [NotificationBed.Site], [], [], [], [], DateTimeOffset.UtcNow);
        // A result counts only from the round that won its period's claim, as a round started here would have.
        Assert.True((await bed.Registry.ClaimRoundAsync(NotificationBed.Tool, period, result.Round, DateTimeOffset.UtcNow, ct)).Won);
        Assert.True((await bed.Registry.PublishVerifiedAsync(result, ct)).Won);

        var notes = await WaitForAsync(bed, 2, ct);
        var day = NotificationBed.FirstDay.AddDays(4);
        Assert.Equal(["records", "sum:size"], notes.Select(n => n.Accepted!.Message.Series).Order());
        Assert.All(notes, n =>
        {
            var note = n.Accepted!.Message;
            Assert.Equal((day, "robust-z", NotificationBed.Site, period, NotificationBed.Tool), (note.Date, note.Rule, note.Site, note.Period, note.Tool));
            Assert.Equal(2 * note.Expected, note.Value);
            Assert.Equal(NotificationBed.Site, n.Accepted.Envelope.Signer);
            Assert.Equal(bed.Registry.Keys.Notification(day, NotificationBed.Site, note.Id), n.Change.Key);
        });
        Assert.Equal([4.0, 400.0], notes.Select(n => n.Accepted!.Message.Value).Order());

        // Re-runs: the evaluation again, and the same verified result again, add nothing.
        Assert.Empty(await bed.Notifier.NotifyAsync(NotificationBed.Tool, period, 1, ct));
        Assert.True((await bed.Registry.PublishVerifiedAsync(result, ct)).Won);
        await Task.Delay(TimeSpan.FromSeconds(2), ct);
        var raw = await bed.Registry.Etcd.GetPrefixAsync(bed.Registry.Keys.NotificationsPrefix, ct);
        Assert.Equal(2, raw.Entries.Count);
    }

    private static async Task<IReadOnlyList<Mao.Federation.Registry.SignedEvent<Notification>>> WaitForAsync(NotificationBed bed, int count, CancellationToken ct)
    {
        while (true)
        {
            var notes = await bed.Registry.NotificationsAsync(ct);
            if (notes.Count(n => n.Accepted is not null) >= count)
            {
                return notes;
            }
            await Task.Delay(250, ct);
        }
    }
}
