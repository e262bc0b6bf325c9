using dotnet_etcd;
using Etcdserverpb;
using Google.Protobuf;
using Mao.Testing;
using Mvccpb;

namespace Mao.Infra.Tests;

/// <summary>The local stack's etcd: a real 3-member loopback cluster takes puts, watches and deletes.</summary>
public sealed class EtcdClusterTests(EtcdClusterFixture cluster) : IClassFixture<EtcdClusterFixture>
{
    [Fact]
    public async Task PutWatchDelete_OnThreeMemberCluster_WatcherSeesEveryChangeInOrder()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var client = new EtcdClient(cluster.Endpoints);
        var prefix = $"/mao-test/{Guid.NewGuid():N}/";
        var seen = new List<(Event.Types.EventType Type, string Key, string Value)>();
        var allSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // Write first, then watch from the first write's revision: etcd replays history from there,
        // so the test does not depend on when the watch stream happens to register on a loaded machine.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        var first = await client.PutAsync(prefix + "a", "1", deadline: deadline, cancellationToken: timeout.Token);
        await client.PutAsync(prefix + "b", "2", deadline: deadline, cancellationToken: timeout.Token);
        await client.PutAsync(prefix + "a", "3", deadline: deadline, cancellationToken: timeout.Token);
        await client.DeleteAsync(prefix + "b", deadline: deadline, cancellationToken: timeout.Token);

        var watchRequest = new WatchRequest
        {
            CreateRequest = new WatchCreateRequest
            {
                Key = ByteString.CopyFromUtf8(prefix),
                RangeEnd = ByteString.CopyFromUtf8(EtcdClient.GetRangeEnd(prefix)),
                StartRevision = first.Header.Revision,
            },
        };
        var watching = client.WatchAsync(watchRequest, response =>
        {
            lock (seen)
            {
                seen.AddRange(response.Events.Select(e => (e.Type, e.Kv.Key.ToStringUtf8(), e.Kv.Value.ToStringUtf8())));
                if (seen.Count >= 4)
                {
                    allSeen.TrySetResult();
                }
            }
        }, cancellationToken: timeout.Token);
        await allSeen.Task.WaitAsync(timeout.Token);

        Assert.Equal(
            [(Event.Types.EventType.Put, prefix + "a", "1"), (Event.Types.EventType.Put, prefix + "b", "2"),
             (Event.Types.EventType.Put, prefix + "a", "3"), (Event.Types.EventType.Delete, prefix + "b", "")],
            seen);
        var remaining = await client.GetRangeValAsync(prefix, deadline: DateTime.UtcNow.AddSeconds(5), cancellationToken: timeout.Token);
        Assert.Equal(new Dictionary<string, string> { [prefix + "a"] = "3" }, remaining);
        _ = watching;
    }

    [Fact]
    public async Task Put_AfterOneMemberKilled_ClusterKeepsQuorumAndData()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var key = $"/mao-test/{Guid.NewGuid():N}";
        using (var client = new EtcdClient(cluster.Endpoints))
        {
            await client.PutAsync(key, "before", deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: timeout.Token);
        }

        cluster.KillMember(2);
        try
        {
            var survivors = string.Join(',', cluster.Members.Take(2).Select(m => m.ClientUrl));
            using var client = new EtcdClient(survivors);
            await client.PutAsync(key + "/after", "after", deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: timeout.Token);
            Assert.Equal("before", await client.GetValAsync(key, deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: timeout.Token));
        }
        finally
        {
            await cluster.StartMemberAsync(2);
        }

        // The restarted member catches up with what was written while it was down.
        using var rejoined = new EtcdClient(cluster.Members[2].ClientUrl);
        string? value = null;
        for (var attempt = 0; attempt < 50 && value != "after"; attempt++)
        {
            value = await rejoined.GetValAsync(key + "/after", deadline: DateTime.UtcNow.AddSeconds(5), cancellationToken: timeout.Token);
            if (value != "after")
            {
                await Task.Delay(100, timeout.Token);
            }
        }
        Assert.Equal("after", value);
    }
}
