using Mao.Core;
using Mao.Core.Model;
using Mao.Federation.Registry;
using Mao.Testing;

namespace Mao.Federation.Tests.Registry;

[Collection(EtcdCollection.Name)]
public sealed class EtcdRegistryTests(EtcdFixture etcd)
{
    private readonly CancellationToken _timeout = TestSnapshots.Timeout(30);

    [Fact]
    public async Task CreateAsync_KeyExists_LosesAndReturnsTheWinner()
    {
        using var site = new TestSite(etcd.Endpoints, "site-a", TestSite.NewRoot());
        var key = site.Etcd.Keys.Claim("dockerhub-arch", "r1", "site-a");

        var first = await site.Etcd.CreateAsync(key, "first", 0, _timeout);
        var second = await site.Etcd.CreateAsync(key, "second", 0, _timeout);

        Assert.True(first.Won);
        Assert.False(second.Won);
        Assert.Equal("first", second.Current!.Value);
        Assert.Equal("first", (await site.Etcd.GetAsync(key, _timeout))!.Value);
    }

    [Fact]
    public async Task CompareAndSwapAsync_StaleRevision_LosesAndKeepsNewerValue()
    {
        using var site = new TestSite(etcd.Endpoints, "site-a", TestSite.NewRoot());
        var key = site.Etcd.Keys.Tool("dockerhub-arch");
        var created = await site.Etcd.CreateAsync(key, "v1", 0, _timeout);
        var swapped = await site.Etcd.CompareAndSwapAsync(key, created.Revision, "v2", _timeout);

        var stale = await site.Etcd.CompareAndSwapAsync(key, created.Revision, "v3", _timeout);

        Assert.True(swapped.Won);
        Assert.False(stale.Won);
        Assert.Equal("v2", stale.Current!.Value);
    }

    [Fact]
    public async Task ClaimRound_TenConcurrentSites_ExactlyOneWins()
    {
        var root = TestSite.NewRoot();
        var sites = Enumerable.Range(0, 10).Select(i => new TestSite(etcd.Endpoints, $"site-{i}", root)).ToList();
        try
        {
            await Task.WhenAll(sites.Select(s => s.PublishKeyAsync(_timeout)));
            var claims = await Task.WhenAll(sites.Select(s => s.Registry.ClaimRoundAsync("dockerhub-arch", "2026-11-01", "2026-11-01", DateTimeOffset.UtcNow, _timeout)));

            Assert.Single(claims, c => c.Won);
            Assert.All(claims, c => Assert.Equal(claims.Single(w => w.Won).Holder.Site, c.Holder.Site));
            var rerun = await sites.Single(s => s.Key.Site == claims.Single(c => c.Won).Holder.Site).Registry
                .ClaimRoundAsync("dockerhub-arch", "2026-11-01", "2026-11-01", DateTimeOffset.UtcNow, _timeout);
            Assert.True(rerun.Won);
        }
        finally
        {
            sites.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task GetToolAsync_PublishedManifest_RoundTrips()
    {
        using var site = new TestSite(etcd.Endpoints, "site-a", TestSite.NewRoot());
        var manifest = new ToolManifest("dockerhub-arch", "1.2.0", "0 0 3 * * *", TestSnapshots.Schema, "architectures per image");
        await site.Registry.PublishToolAsync(manifest, _timeout);

        var read = await site.Registry.GetToolAsync("dockerhub-arch", _timeout);

        Assert.Equal(manifest.Version, read!.Version);
        Assert.True(manifest.Schema.Equivalent(read.Schema));
    }

    [Theory]
    [InlineData("{\"format\":\"mao.tool/1\",\"name\":", "malformed JSON")]
    [InlineData("{\"format\":\"mao.tool/7\",\"name\":\"dockerhub-arch\"}", "unknown schema version 'mao.tool/7'")]
    [InlineData("{\"name\":\"dockerhub-arch\"}", "no 'format'")]
    public async Task GetToolAsync_BadValueInEtcd_ClearErrorNamingTheKey(string value, string expected)
    {
        using var site = new TestSite(etcd.Endpoints, "site-a", TestSite.NewRoot());
        var key = site.Etcd.Keys.Tool("dockerhub-arch");
        await site.Etcd.PutAsync(key, value, 0, _timeout);

        var error = await Assert.ThrowsAsync<MaoFormatException>(() => site.Registry.GetToolAsync("dockerhub-arch", _timeout));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal(key, error.Where);
        Assert.Equal(value, (await site.Etcd.GetAsync(key, _timeout))!.Value); // nothing overwritten
    }

    [Fact]
    public async Task GetSiteAsync_CardNamingAnUnpublishedKey_Rejected()
    {
        var root = TestSite.NewRoot();
        using var a = new TestSite(etcd.Endpoints, "site-a", root);
        using var intruder = new TestSite(etcd.Endpoints, "site-a", root);
        await using var registration = await a.Registry.RegisterSiteAsync(a.Card(), TimeSpan.FromSeconds(10), _timeout);
        Assert.NotNull(await a.Registry.GetSiteAsync("site-a", _timeout));
        await a.Etcd.PutAsync(a.Etcd.Keys.Site("site-a"), Core.Serialization.MaoJson.Write(intruder.Card()), 0, _timeout);

        var error = await Assert.ThrowsAsync<Mao.Federation.Identity.MessageRejectedException>(() => a.Registry.GetSiteAsync("site-a", _timeout));

        Assert.Contains("has not published", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LiveSitesAsync_OneCardMalformed_OthersStillListed()
    {
        using var site = new TestSite(etcd.Endpoints, "site-a", TestSite.NewRoot());
        await using var registration = await site.Registry.RegisterSiteAsync(site.Card(), TimeSpan.FromSeconds(10), _timeout);
        await site.Etcd.PutAsync(site.Etcd.Keys.Site("site-z"), "{broken", 0, _timeout);

        var live = await site.Registry.LiveSitesAsync(_timeout);

        Assert.Equal(["site-a"], live.Select(c => c.Site));
    }
}
