using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Mao.Federation.Registry.Documents;
using Mao.Site.Tests.Support;
using Mao.Testing;

namespace Mao.Site.Tests.Notifications;

/// <summary>GET /api/notifications pages (limit, offset) newest day first, and answers 304 until a notification is added.</summary>
[Collection(FederationCollection.Name)]
public sealed class NotificationPagesTests(AzuriteFixture azurite, EtcdFixture etcd)
{
    [Fact]
    public async Task Pages_NewestDayFirst_ETagHoldsUntilANotificationIsAdded()
    {
        using var timeout = TestSites.Timeout(120);
        var ct = timeout.Token;
        await using var bed = await NotificationBed.StartAsync(azurite, etcd, ct);
        Notification Note(int day) => new(NotificationBed.Tool, NotificationBed.Period(day), NotificationBed.Site, 1, "records", NotificationBed.FirstDay.AddDays(day),
            day * 10, day, "robust-z", "critical", DateTimeOffset.UtcNow);
        foreach (var day in new[] { 3, 1, 2 })
        {
            Assert.True((await bed.Registry.NotifyAsync(Note(day), ct)).Won);
        }
        using var http = bed.Federation.Http(NotificationBed.Site);
        async Task<(JsonElement Reply, string ETag)> PageAsync(string query)
        {
            using var response = await http.GetAsync($"api/notifications{query}", ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement, response.Headers.ETag!.Tag);
        }
        static string[] Days(JsonElement reply) => reply.GetProperty("notifications").EnumerateArray().Select(n => n.GetProperty("date").GetString()!).ToArray();

        var (first, etag) = await PageAsync("?limit=2");
        var (second, secondTag) = await PageAsync("?limit=2&offset=2");
        var (beyond, _) = await PageAsync("?limit=2&offset=5");
        using var unchanged = new HttpRequestMessage(HttpMethod.Get, "api/notifications?limit=2");
        unchanged.Headers.IfNoneMatch.Add(new EntityTagHeaderValue(etag));
        using var notModified = await http.SendAsync(unchanged, ct);
        Assert.True((await bed.Registry.NotifyAsync(Note(4), ct)).Won);
        using var changed = new HttpRequestMessage(HttpMethod.Get, "api/notifications?limit=2");
        changed.Headers.IfNoneMatch.Add(new EntityTagHeaderValue(etag));
        using var afterNew = await http.SendAsync(changed, ct);

        Assert.Equal([NotificationBed.Period(3), NotificationBed.Period(2)], Days(first));
        Assert.Equal([NotificationBed.Period(1)], Days(second));
        Assert.Empty(Days(beyond));
        Assert.Equal((3, 2, 2), (second.GetProperty("total").GetInt32(), second.GetProperty("offset").GetInt32(), second.GetProperty("limit").GetInt32()));
        Assert.NotEqual(etag, secondTag); // another page is another reply
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(HttpStatusCode.OK, afterNew.StatusCode);
        Assert.NotEqual(etag, afterNew.Headers.ETag!.Tag);
        Assert.Equal(NotificationBed.Period(4), Days(JsonDocument.Parse(await afterNew.Content.ReadAsStringAsync(ct)).RootElement)[0]);
        // `mao notifications --limit 2 --offset 2`: the third and fourth newest of four.
        using var printed = new StringWriter();
        Assert.Equal(0, await Mao.Cli.Commands.NotificationsCommand.ListAsync(http, 2, 2, json: false, printed, TextWriter.Null, ct));
        Assert.Contains("2 of 4 notification(s), after the newest 2", printed.ToString(), StringComparison.Ordinal);
        Assert.Contains(NotificationBed.Period(1), printed.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(NotificationBed.Period(4), printed.ToString(), StringComparison.Ordinal);
    }
}
