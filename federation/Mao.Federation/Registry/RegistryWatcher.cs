using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Etcdserverpb;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mao.Federation.Registry;

/// <summary>
/// Watches a key prefix and delivers each change exactly once, in revision order. When the stream breaks
/// (a member died, the network dropped) it reconnects, possibly to another member, and resumes from the
/// last revision it delivered, dropping what it already delivered.
/// </summary>
public sealed class RegistryWatcher(EtcdRegistry registry, ILogger? logger = null)
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(2);
    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private int _reconnects;

    /// <summary>How many times a broken watch stream was re-opened (all watches of this watcher together).</summary>
    public int Reconnects => Volatile.Read(ref _reconnects);

    /// <summary>Current keys under the prefix first, then every later change: nothing between the two is missed.</summary>
    public async IAsyncEnumerable<RegistryEvent> ReadAndWatchAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var range = await registry.GetPrefixAsync(prefix, cancellationToken);
        foreach (var entry in range.Entries)
        {
            yield return new RegistryEvent(RegistryEventKind.Put, entry.Key, entry.Value, entry.ModRevision, entry.CreateRevision, entry.Version);
        }
        await foreach (var change in WatchAsync(prefix, range.Revision + 1, cancellationToken))
        {
            yield return change;
        }
    }

    /// <summary>Changes under <paramref name="prefix"/> from <paramref name="fromRevision"/> on, until cancelled.</summary>
    public async IAsyncEnumerable<RegistryEvent> WatchAsync(string prefix, long fromRevision, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fromRevision, 1);
        var channel = Channel.CreateBounded<RegistryEvent>(new BoundedChannelOptions(1024) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pump = Task.Run(() => PumpAsync(prefix, fromRevision, channel.Writer, stop.Token), CancellationToken.None);
        try
        {
            await foreach (var change in channel.Reader.ReadAllAsync(cancellationToken))
            {
                yield return change;
            }
            await pump; // surfaces a compaction or permission error that ended the pump
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAny(pump);
        }
    }

    private async Task PumpAsync(string prefix, long fromRevision, ChannelWriter<RegistryEvent> output, CancellationToken cancellationToken)
    {
        var cursor = new WatchCursor(fromRevision);
        var backoff = TimeSpan.FromMilliseconds(100);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    await StreamOnceAsync(prefix, cursor, output, () => backoff = TimeSpan.FromMilliseconds(100), cancellationToken);
                }
                catch (Exception e) when (IsTransient(e, cancellationToken))
                {
                    Interlocked.Increment(ref _reconnects);
                    _logger.LogInformation("etcd watch on {Prefix} broke ({Error}); resuming from revision {Revision}", prefix, e.Message, cursor.ResumeRevision);
                    await Task.Delay(backoff, cancellationToken);
                    backoff = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, backoff.Ticks * 2));
                }
            }
            output.TryComplete();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            output.TryComplete();
        }
        catch (Exception e)
        {
            output.TryComplete(e);
        }
    }

    private async Task StreamOnceAsync(string prefix, WatchCursor cursor, ChannelWriter<RegistryEvent> output, Action connected, CancellationToken cancellationToken)
    {
        // "hasleader" makes a member cut the stream when it loses the cluster, instead of going quiet.
        var headers = new Metadata { { "hasleader", "true" } };
        using var call = registry.Client.GetConnection().WatchClient.Watch(headers, deadline: null, cancellationToken: cancellationToken);
        var create = new WatchCreateRequest
        {
            Key = EtcdRegistry.Bytes(prefix),
            RangeEnd = EtcdRegistry.Bytes(dotnet_etcd.EtcdClient.GetRangeEnd(prefix)),
            StartRevision = cursor.ResumeRevision,
            ProgressNotify = true,
        };
        await call.RequestStream.WriteAsync(new WatchRequest { CreateRequest = create }, cancellationToken);
        while (await call.ResponseStream.MoveNext(cancellationToken))
        {
            var response = call.ResponseStream.Current;
            if (response.CompactRevision > 0)
            {
                throw new RegistryCompactedException(prefix, cursor.ResumeRevision, response.CompactRevision);
            }
            if (response.Canceled)
            {
                throw new RpcException(new Status(StatusCode.Unavailable, $"watch cancelled by etcd: {response.CancelReason}"));
            }
            if (response.Created)
            {
                connected();
            }
            foreach (var change in response.Events)
            {
                var kv = change.Kv;
                var key = kv.Key.ToStringUtf8();
                if (!cursor.Admit(kv.ModRevision, key))
                {
                    continue;
                }
                var kind = change.Type == Mvccpb.Event.Types.EventType.Delete ? RegistryEventKind.Delete : RegistryEventKind.Put;
                await output.WriteAsync(new RegistryEvent(kind, key, kv.Value.ToStringUtf8(), kv.ModRevision, kv.CreateRevision, kv.Version), cancellationToken);
            }
        }
        throw new RpcException(new Status(StatusCode.Unavailable, "watch stream ended"));
    }

    private static bool IsTransient(Exception e, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested && e switch
        {
            RpcException rpc => rpc.StatusCode is not (StatusCode.PermissionDenied or StatusCode.Unauthenticated or StatusCode.InvalidArgument),
            IOException or HttpRequestException or InvalidOperationException => true,
            OperationCanceledException => true, // a stream torn down under us, not our token
            _ => false,
        };

    /// <summary>What was delivered: the last revision and the keys delivered at it (one revision can change several keys).</summary>
    private sealed class WatchCursor(long fromRevision)
    {
        private readonly HashSet<string> _keysAtLast = new(StringComparer.Ordinal);
        private long _last = fromRevision - 1;

        /// <summary>Resume at the last delivered revision (not after it): keys of it not yet delivered come again, the rest are dropped.</summary>
        public long ResumeRevision => Math.Max(fromRevision, _last);

        public bool Admit(long revision, string key)
        {
            if (revision < _last || revision < fromRevision)
            {
                return false;
            }
            if (revision > _last)
            {
                _last = revision;
                _keysAtLast.Clear();
            }
            return _keysAtLast.Add(key);
        }
    }
}
