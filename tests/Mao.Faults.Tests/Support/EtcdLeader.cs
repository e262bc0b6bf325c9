using dotnet_etcd;
using Etcdserverpb;
using Mao.Testing;

namespace Mao.Faults.Tests.Support;

/// <summary>Which member of a test cluster leads now, from the maintenance Status API (each member's id and the leader it knows).</summary>
public static class EtcdLeader
{
    /// <summary>The index of the leading member; waits while an election is under way (no member names itself leader).</summary>
    public static async Task<int> IndexAsync(EtcdFixture cluster, CancellationToken ct)
    {
        while (true)
        {
            for (var i = 0; i < cluster.Members.Count; i++)
            {
                if (!cluster.Members[i].IsRunning)
                {
                    continue;
                }
                using var client = new EtcdClient(cluster.Members[i].ClientUrl);
                try
                {
                    var status = await client.StatusAsync(new StatusRequest(), cancellationToken: ct);
                    if (status.Leader != 0 && status.Leader == status.Header.MemberId)
                    {
                        return i;
                    }
                }
                catch (Grpc.Core.RpcException)
                {
                    // A member that is starting or lost its quorum: ask the next.
                }
            }
            await Task.Delay(100, ct);
        }
    }
}
