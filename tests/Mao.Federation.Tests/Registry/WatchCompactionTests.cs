using dotnet_etcd;
using Etcdserverpb;
using Mao.Federation.Registry;
using Mao.Testing;

namespace Mao.Federation.Tests.Registry;

[Collection(EtcdCollection.Name)]
public sealed class WatchCompactionTests(EtcdFixture etcd)
{
    [Fact]
    public async Task WatchFromCompactedRevision_ClearErrorInsteadOfSilentGap()
    {
        var timeout = TestSnapshots.Timeout(30);
        using var site = new TestSite(etcd.Endpoints, "site-a", TestSite.NewRoot());
        var prefix = site.Etcd.Keys.NotificationsPrefix;
        var first = await site.Etcd.PutAsync(prefix + "a", "1", 0, timeout);
        var last = await site.Etcd.PutAsync(prefix + "b", "2", 0, timeout);
        using (var admin = new EtcdClient(etcd.Endpoints))
        {
            await admin.CompactAsync(new CompactionRequest { Revision = last, Physical = true }, cancellationToken: timeout);
        }

        var error = await Assert.ThrowsAsync<RegistryCompactedException>(async () =>
        {
            await foreach (var _ in site.Registry.Watcher.WatchAsync(prefix, first, timeout))
            {
            }
        });

        Assert.Contains("compacted", error.Message, StringComparison.Ordinal);
        Assert.Equal(last, error.CompactRevision);
    }
}
