using Mao.Core.Serialization;
using Mao.Federation.Registry.Documents;
using Mao.Federation.Tests.Identity;
using Mao.Testing;

namespace Mao.Federation.Tests.Registry;

/// <summary>Notifications are signed: read back verified, one key per alert, and a copy or an alteration is rejected.</summary>
[Collection(EtcdCollection.Name)]
public sealed class NotificationMessagesTests(EtcdFixture etcd)
{
    private static readonly DateOnly Day = new(2026, 11, 5);
    private readonly CancellationToken _timeout = TestSnapshots.Timeout(30);

    private static Notification Note(string site, string series = "records", DateTimeOffset? at = null) =>
        new("dockerhub-arch", "2026-11-05", site, 1, series, Day, 40, 20, "robust-z", "critical", at ?? DateTimeOffset.UnixEpoch);

    [Fact]
    public async Task Notify_ReadByPeer_VerifiedAndWrittenOncePerAlert()
    {
        var root = TestSite.NewRoot();
        using var a = new TestSite(etcd.Endpoints, "site-a", root);
        using var b = new TestSite(etcd.Endpoints, "site-b", root);
        await using var registration = await a.Registry.RegisterSiteAsync(a.Card(), TimeSpan.FromSeconds(10), _timeout);

        Assert.True((await a.Registry.NotifyAsync(Note("site-a"), _timeout)).Won);
        // The same alert written later (another time stamp) finds its key taken: no second copy.
        Assert.False((await a.Registry.NotifyAsync(Note("site-a", at: DateTimeOffset.UnixEpoch.AddDays(1)), _timeout)).Won);
        Assert.True((await a.Registry.NotifyAsync(Note("site-a", "sum:size"), _timeout)).Won);

        var read = await b.Registry.NotificationsAsync(_timeout);
        Assert.Equal(2, read.Count);
        Assert.All(read, n => Assert.Equal("site-a", n.Accepted!.Envelope.Signer));
        Assert.Equal(["records", "sum:size"], read.Select(n => n.Accepted!.Message.Series).Order());
        Assert.Equal(DateTimeOffset.UnixEpoch, read.Single(n => n.Accepted!.Message.Series == "records").Accepted!.Message.At);
    }

    [Fact]
    public async Task CopiedToAnotherSitesKey_OrAltered_OrUnsigned_Rejected()
    {
        var root = TestSite.NewRoot();
        using var a = new TestSite(etcd.Endpoints, "site-a", root);
        await using var registration = await a.Registry.RegisterSiteAsync(a.Card(), TimeSpan.FromSeconds(10), _timeout);
        var note = Note("site-a");
        await a.Registry.NotifyAsync(note, _timeout);
        var keys = a.Etcd.Keys;
        var signed = (await a.Etcd.GetAsync(keys.Notification(Day, "site-a", note.Id), _timeout))!.Value;
        await a.Etcd.PutAsync(keys.Notification(Day, "site-b", note.Id), signed, 0, _timeout);
        var other = Note("site-a", "sum:size");
        // Altered to name another series, and put at that alert's key: only the signature can tell.
        await a.Etcd.PutAsync(keys.Notification(Day, "site-a", other.Id), signed.Replace("records", "sum:size", StringComparison.Ordinal), 0, _timeout);
        var unsigned = Note("site-a", "mean:size");
        await a.Etcd.PutAsync(keys.Notification(Day, "site-a", unsigned.Id), MaoJson.Write(unsigned), 0, _timeout);

        var read = await a.Registry.NotificationsAsync(_timeout);

        Assert.Equal(4, read.Count);
        Assert.Single(read, n => n.Accepted is not null);
        var reasons = read.Where(n => n.Accepted is null).Select(n => n.Rejection!.Message).ToArray();
        Assert.Contains(reasons, r => r.Contains("message belongs at", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.Contains("forged or altered", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.Contains("not a signed message", StringComparison.Ordinal));
    }
}
