using Mao.Federation.Registry;
using Mao.Federation.Tests.Registry;
using Mao.Testing;

namespace Mao.Federation.Tests.Faults;

/// <summary>Two members of three gone: no write can commit. A write that times out is reported as unknown, never as done.</summary>
public sealed class EtcdQuorumLossTests(EtcdClusterFixture cluster) : IClassFixture<EtcdClusterFixture>
{
    [Fact]
    public async Task QuorumLost_ClaimTimesOut_ReportedUnknownThenSettledAfterRecovery()
    {
        var timeout = TestSnapshots.Timeout(90);
        using var site = new TestSite(cluster.Endpoints, "site-a", TestSite.NewRoot(), TimeSpan.FromSeconds(2));
        var key = site.Etcd.Keys.Claim("dockerhub-arch", "r-quorum", "site-a");
        cluster.KillMember(1);
        cluster.KillMember(2);
        Exception? failure = null;
        try
        {
            await site.Etcd.CreateAsync(key, "ours", 0, timeout);
        }
        catch (Exception e)
        {
            failure = e;
        }
        finally
        {
            await cluster.StartMemberAsync(1);
            await cluster.StartMemberAsync(2);
        }

        Assert.True(failure is RegistryWriteUnknownException, $"expected an unknown outcome, got {failure?.GetType().Name ?? "success"}");
        // The caller's duty after "unknown": check. The compare-and-swap makes asking again safe, and it settles it.
        var settled = await site.Etcd.CreateAsync(key, "ours", 0, timeout);
        Assert.True(settled.Won || settled.Current?.Value == "ours");
        Assert.Equal("ours", (await site.Etcd.GetAsync(key, timeout))!.Value);
    }
}
