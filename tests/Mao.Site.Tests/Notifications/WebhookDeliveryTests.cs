using System.Text.Json;
using Mao.Cli.Commands;
using Mao.Core.Serialization;
using Mao.Federation.Registry;
using Mao.Federation.Registry.Documents;
using Mao.Insights.Notifications;
using Mao.Site.Tests.Support;
using Mao.Testing;

namespace Mao.Site.Tests.Notifications;

/// <summary>
/// Webhook deliveries against a real local receiver that is down (503) first: every verified notification arrives exactly
/// once in the end, the delivery log shows the failed attempts and the success, and a forged notification is never sent.
/// </summary>
[Collection(FederationCollection.Name)]
public sealed class WebhookDeliveryTests(AzuriteFixture azurite, EtcdFixture etcd)
{
    [Fact]
    public async Task ReceiverDownThenUp_EachVerifiedNotificationDeliveredOnce_ForgedNever()
    {
        using var timeout = TestSites.Timeout(180);
        var ct = timeout.Token;
        await using var receiver = await WebhookReceiver.StartAsync(ct);
        await using var bed = await NotificationBed.StartAsync(azurite, etcd, ct, receiver.Url);
        var registry = bed.Registry;
        var day = NotificationBed.FirstDay.AddDays(4);
        Notification Note(string series, double value) => new(NotificationBed.Tool, NotificationBed.Period(4), NotificationBed.Site, 1, series, day, value,
            value / 2, "robust-z", "critical", DateTimeOffset.UtcNow);
        var good = new[] { Note("records", 4), Note("sum:size", 400) };
        foreach (var note in good)
        {
            Assert.True((await registry.NotifyAsync(note, ct)).Won);
        }
        // Forged: a correctly signed envelope whose payload was altered afterwards, written straight into etcd.
        var forged = Note("mean:size", 100);
        var envelope = registry.Signer.Sign(forged);
        var altered = envelope with { Payload = MaoJson.Write(forged with { Value = 1000 }) };
        await registry.Etcd.PutAsync(registry.Keys.Notification(day, NotificationBed.Site, forged.Id), MaoJson.Write(altered), 0, ct);

        // While down: refused attempts over at least two passes (3 retries with backoff per pass, the rest of a pass skips
        // the dead receiver).
        await Until(() => receiver.Requests.Count(r => r.Status == 503) >= 6, ct);
        receiver.Down = false;
        await Until(() => good.All(n => receiver.Count(Id(bed, n), 200) >= 1), ct);
        await Task.Delay(TimeSpan.FromSeconds(3), ct); // three more passes: nothing delivered is sent again

        foreach (var note in good)
        {
            Assert.Equal(1, receiver.Count(Id(bed, note), 200));
            var delivery = await bed.Deliveries.GetAsync(Id(bed, note), receiver.Url, ct);
            Assert.NotNull(delivery);
            Assert.Equal(DeliveryLog.Delivered, delivery.Status);
            var refused = receiver.Count(Id(bed, note), 503);
            Assert.Equal(refused + 1, delivery.Attempts);
            Assert.Equal(refused > 0 ? "HTTP 503 Service Unavailable" : null, delivery.LastError);
            Assert.NotNull(delivery.DeliveredAt);
        }
        Assert.Contains(good, n => receiver.Count(Id(bed, n), 503) >= 6); // the first one tried failed in every pass while down
        Assert.DoesNotContain(receiver.Requests, r => r.Key == Id(bed, forged));
        Assert.Equal(2, receiver.Requests.Count(r => r.Status == 200));
        var body = JsonDocument.Parse(receiver.Requests.First(r => r.Status == 200).Body).RootElement;
        Assert.Contains(body.GetProperty("notification").GetProperty("series").GetString(), good.Select(n => n.Series));
        Assert.Equal(NotificationBed.Site, body.GetProperty("signed").GetProperty("signer").GetString());

        // Shown: the API and the CLI list the two verified notifications, not the forged one.
        using var http = bed.Federation.Http(NotificationBed.Site);
        var reply = JsonDocument.Parse(await http.GetStringAsync("api/notifications", ct)).RootElement;
        Assert.Equal(2, reply.GetProperty("total").GetInt32());
        Assert.Equal(["records", "sum:size"], reply.GetProperty("notifications").EnumerateArray().Select(n => n.GetProperty("series").GetString()).Order());
        using var output = new StringWriter();
        Assert.Equal(0, await NotificationsCommand.ListAsync(http, 50, 0, json: false, output, TextWriter.Null, ct));
        Assert.Contains("sum:size", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("2 of 2 notification(s)", output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("mean:size", output.ToString(), StringComparison.Ordinal);
        using var json = new StringWriter();
        Assert.Equal(0, await NotificationsCommand.ListAsync(http, 1, 0, json: true, json, TextWriter.Null, ct));
        var printed = JsonDocument.Parse(json.ToString()).RootElement;
        Assert.Equal((2, 1), (printed.GetProperty("total").GetInt32(), printed.GetProperty("notifications").GetArrayLength()));
    }

    /// <summary>
    /// The receiver not running at all (connection refused, not a 503): attempts fail as "unreachable" pass after pass,
    /// and once a receiver starts on that address the notification arrives, once.
    /// </summary>
    [Fact]
    public async Task ReceiverNotRunning_ThenStarted_GetsTheNotificationOnce()
    {
        using var timeout = TestSites.Timeout(180);
        var ct = timeout.Token;
        var port = WebhookReceiver.UnusedPort();
        var url = $"http://127.0.0.1:{port}/hook";
        await using var bed = await NotificationBed.StartAsync(azurite, etcd, ct, url);
        var note = new Notification(NotificationBed.Tool, NotificationBed.Period(4), NotificationBed.Site, 1, "records", NotificationBed.FirstDay.AddDays(4), 8,
            4, "robust-z", "critical", DateTimeOffset.UtcNow);
        Assert.True((await bed.Registry.NotifyAsync(note, ct)).Won);
        var id = Id(bed, note);

        // Two passes' worth of refused connections, logged as such.
        Delivery? failing = null;
        while (failing is not { Attempts: >= 6 })
        {
            await Task.Delay(100, ct);
            failing = await bed.Deliveries.GetAsync(id, url, ct);
        }
        Assert.Equal(DeliveryLog.Failing, failing.Status);
        Assert.StartsWith("unreachable", failing.LastError, StringComparison.Ordinal);

        await using var receiver = await WebhookReceiver.StartAsync(ct, port, down: false);
        await Until(() => receiver.Count(id, 200) >= 1, ct);
        await Task.Delay(TimeSpan.FromSeconds(3), ct); // three more passes: nothing delivered is sent again
        Assert.Single(receiver.Requests);
        var delivered = await bed.Deliveries.GetAsync(id, url, ct);
        Assert.Equal(DeliveryLog.Delivered, delivered!.Status);
        Assert.True(delivered.Attempts > failing.Attempts, $"{delivered.Attempts} attempts logged, {failing.Attempts} before the receiver started");
        Assert.StartsWith("unreachable", delivered.LastError, StringComparison.Ordinal);
    }

    private static string Id(NotificationBed bed, Notification note) =>
        KeyLayout.NotificationId(bed.Registry.Keys.Notification(note.Date, note.Site, note.Id));

    private static async Task Until(Func<bool> condition, CancellationToken ct)
    {
        while (!condition())
        {
            await Task.Delay(100, ct);
        }
    }
}
