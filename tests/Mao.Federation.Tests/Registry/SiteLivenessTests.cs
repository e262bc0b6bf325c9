using Mao.Testing;

namespace Mao.Federation.Tests.Registry;

[Collection(EtcdCollection.Name)]
public sealed class SiteLivenessTests(EtcdFixture etcd)
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(2);
    private readonly CancellationToken _timeout = TestSnapshots.Timeout(30);

    [Fact]
    public async Task RegisterSite_KeptAlivePastTheTtl_StaysLive()
    {
        // Keep-alives go every third of the TTL; 5 s leaves room for a loaded CI machine's scheduling (with 2 s, a
        // keep-alive delayed past the TTL once let the lease expire there).
        var ttl = TimeSpan.FromSeconds(5);
        using var site = new TestSite(etcd.Endpoints, "site-a", TestSite.NewRoot());
        await using var registration = await site.Registry.RegisterSiteAsync(site.Card(), ttl, _timeout);

        await Task.Delay(ttl * 2.5, _timeout);

        Assert.Contains(await site.Registry.LiveSitesAsync(_timeout), c => c.Site == "site-a");
        Assert.Equal(0, registration.Reregistrations); // kept alive, not lost and put again
    }

    [Fact]
    public async Task DeadSite_NoMoreKeepAlives_LeavesLiveSetWithinTtl()
    {
        var root = TestSite.NewRoot();
        using var dying = new TestSite(etcd.Endpoints, "site-a", root);
        using var watcher = new TestSite(etcd.Endpoints, "site-b", root);
        var registration = await dying.Registry.RegisterSiteAsync(dying.Card(), Ttl, _timeout);
        Assert.Contains(await watcher.Registry.LiveSitesAsync(_timeout), c => c.Site == "site-a");

        await registration.AbandonAsync(); // a crash: keep-alives stop, nobody revokes the lease
        var died = DateTime.UtcNow;
        while ((await watcher.Registry.LiveSitesAsync(_timeout)).Any(c => c.Site == "site-a"))
        {
            await Task.Delay(100, _timeout);
        }

        // etcd may keep a lease up to about one election timeout beyond its TTL, and a loaded machine polls late; anything
        // near the TTL is fine (a site that never left would hold its card until this test's timeout).
        Assert.InRange(DateTime.UtcNow - died, TimeSpan.Zero, Ttl + TimeSpan.FromSeconds(4));
        Assert.NotNull(await watcher.Registry.KeyDirectory.FindAsync("site-a", dying.Key.PublicKey.KeyId, _timeout)); // its key outlives it
    }

    [Fact]
    public async Task StopAsync_RevokesLease_LeavesAtOnce()
    {
        using var site = new TestSite(etcd.Endpoints, "site-a", TestSite.NewRoot());
        var registration = await site.Registry.RegisterSiteAsync(site.Card(), TimeSpan.FromSeconds(30), _timeout);

        await registration.StopAsync(_timeout);

        Assert.Empty(await site.Registry.LiveSitesAsync(_timeout));
    }

    [Fact]
    public async Task LeaseLostDuringAPartition_SiteRegistersAgain()
    {
        using var site = new TestSite(etcd.Endpoints, "site-a", TestSite.NewRoot());
        await using var registration = await site.Registry.RegisterSiteAsync(site.Card(), Ttl, _timeout);
        var firstLease = registration.LeaseId;

        await site.Etcd.RevokeLeaseAsync(firstLease, _timeout); // what etcd does when keep-alives could not reach it in time
        while (registration.Reregistrations == 0)
        {
            await Task.Delay(100, _timeout);
        }

        Assert.NotEqual(firstLease, registration.LeaseId);
        Assert.Contains(await site.Registry.LiveSitesAsync(_timeout), c => c.Site == "site-a");
    }

    [Fact]
    public async Task RegisterSite_CardOfAnotherSite_Refused()
    {
        var root = TestSite.NewRoot();
        using var a = new TestSite(etcd.Endpoints, "site-a", root);
        using var b = new TestSite(etcd.Endpoints, "site-b", root);

        await Assert.ThrowsAsync<InvalidOperationException>(() => a.Registry.RegisterSiteAsync(b.Card(), Ttl, _timeout));
    }
}
