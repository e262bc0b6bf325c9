using dotnet_etcd;
using Etcdserverpb;
using Google.Protobuf;
using Grpc.Core;

namespace Mao.Federation.Registry;

/// <summary>
/// The registry's raw key-value operations on etcd. Every call carries a deadline; a write whose answer was
/// lost (deadline, member died) is treated as unknown and checked by reading the key, never retried blindly.
/// </summary>
public sealed partial class EtcdRegistry : IDisposable
{
    private readonly EtcdClient _client;

    public EtcdRegistry(EtcdOptions options)
    {
        Options = options;
        _client = EtcdClientFactory.Create(options);
        Keys = new KeyLayout(options.KeyRoot);
    }

    public EtcdOptions Options { get; }

    public KeyLayout Keys { get; }

    internal EtcdClient Client => _client;

    internal DateTime Deadline() => DateTime.UtcNow + Options.CallTimeout;

    public async Task<RegistryEntry?> GetAsync(string key, CancellationToken cancellationToken)
    {
        var response = await CallAsync(key, "read", () =>
            _client.GetAsync(new RangeRequest { Key = Bytes(key) }, deadline: Deadline(), cancellationToken: cancellationToken), cancellationToken);
        return response.Kvs.Count == 0 ? null : RegistryEntry.From(response.Kvs[0]);
    }

    /// <summary>All keys under <paramref name="prefix"/>, sorted by key, and the revision they were read at.</summary>
    public async Task<RegistryRange> GetPrefixAsync(string prefix, CancellationToken cancellationToken)
    {
        var request = new RangeRequest { Key = Bytes(prefix), RangeEnd = ByteString.CopyFromUtf8(EtcdClient.GetRangeEnd(prefix)) };
        var response = await CallAsync(prefix, "read", () => _client.GetAsync(request, deadline: Deadline(), cancellationToken: cancellationToken), cancellationToken);
        return new RegistryRange(response.Kvs.Select(RegistryEntry.From).ToList(), response.Header.Revision);
    }

    /// <summary>Stores <paramref name="value"/> (optionally under a lease) and returns the revision it was stored at.</summary>
    public async Task<long> PutAsync(string key, string value, long lease, CancellationToken cancellationToken)
    {
        var request = new PutRequest { Key = Bytes(key), Value = Bytes(value), Lease = lease };
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var response = await Deadlined(_client.PutAsync(request, deadline: Deadline(), cancellationToken: cancellationToken), cancellationToken);
                return response.Header.Revision;
            }
            catch (RpcException e) when (IsRefusal(e))
            {
                throw Refused("write", key, e);
            }
            catch (RpcException e) when (IsOutcomeUnknown(e))
            {
                var current = await CheckAfterUnknownAsync(key, e, cancellationToken);
                if (current is not null && current.Value == value && current.Lease == lease)
                {
                    return current.ModRevision;
                }
                if (attempt >= 3)
                {
                    throw new RegistryWriteUnknownException(key, e);
                }
            }
        }
    }

    public async Task<bool> DeleteAsync(string key, CancellationToken cancellationToken)
    {
        // A delete is idempotent: repeating it after an unknown outcome cannot remove anything else.
        var response = await CallAsync(key, "delete", () =>
            _client.DeleteAsync(new DeleteRangeRequest { Key = Bytes(key) }, deadline: Deadline(), cancellationToken: cancellationToken), cancellationToken);
        return response.Deleted > 0;
    }

    public async Task<long> GrantLeaseAsync(TimeSpan ttl, CancellationToken cancellationToken)
    {
        var seconds = Math.Max(1, (long)Math.Ceiling(ttl.TotalSeconds));
        var response = await CallAsync("(lease)", "lease grant", () =>
            _client.LeaseGrantAsync(new LeaseGrantRequest { TTL = seconds }, deadline: Deadline(), cancellationToken: cancellationToken), cancellationToken);
        return string.IsNullOrEmpty(response.Error) ? response.ID : throw new RegistryUnavailableException($"etcd refused a lease: {response.Error}");
    }

    public async Task RevokeLeaseAsync(long lease, CancellationToken cancellationToken)
    {
        try
        {
            await CallAsync("(lease)", "lease revoke", () =>
                _client.LeaseRevokeAsync(new LeaseRevokeRequest { ID = lease }, deadline: Deadline(), cancellationToken: cancellationToken), cancellationToken);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            // Already expired: what revoking wanted.
        }
    }

    /// <summary>Remaining TTL of a lease in seconds, or -1 when it has expired.</summary>
    public async Task<long> LeaseTimeToLiveAsync(long lease, CancellationToken cancellationToken)
    {
        var response = await CallAsync("(lease)", "lease ttl", () =>
            _client.LeaseTimeToLiveAsync(new LeaseTimeToLiveRequest { ID = lease }, deadline: Deadline(), cancellationToken: cancellationToken), cancellationToken);
        return response.TTL;
    }

    public void Dispose() => _client.Dispose();

    internal static ByteString Bytes(string text) => ByteString.CopyFromUtf8(text);

    internal static bool IsOutcomeUnknown(RpcException e) =>
        e.StatusCode is StatusCode.DeadlineExceeded or StatusCode.Unavailable or StatusCode.Internal or StatusCode.Unknown;

    /// <summary>Reads the key after a write whose answer was lost; if even that fails the outcome stays unknown.</summary>
    private async Task<RegistryEntry?> CheckAfterUnknownAsync(string key, RpcException writeError, CancellationToken cancellationToken)
    {
        try
        {
            return await GetAsync(key, cancellationToken);
        }
        catch (RegistryUnavailableException e)
        {
            throw new RegistryWriteUnknownException(key, new AggregateException(writeError, e));
        }
    }

    /// <summary>
    /// When the deadline passes while gRPC waits for a member (retry back-off, reconnect), Grpc.Net.Client reports an
    /// OperationCanceledException although the caller cancelled nothing: that is a deadline, and is reported as one.
    /// </summary>
    internal static async Task<T> Deadlined<T>(Task<T> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call;
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.DeadlineExceeded, "deadline exceeded while waiting for an etcd member", e));
        }
    }

    /// <summary>Runs a read-like call, turning transport failures into a clear <see cref="RegistryUnavailableException"/>.</summary>
    private async Task<T> CallAsync<T>(string key, string what, Func<Task<T>> call, CancellationToken cancellationToken = default)
    {
        try
        {
            return await Deadlined(call(), cancellationToken);
        }
        catch (RpcException e) when (IsOutcomeUnknown(e) || e.StatusCode == StatusCode.Cancelled && e.Status.Detail.Contains("deadline", StringComparison.OrdinalIgnoreCase))
        {
            throw new RegistryUnavailableException(
                $"etcd {what} of {key} failed at {Options.Endpoints} within {Options.CallTimeout.TotalSeconds:0.#} s: {e.StatusCode} {e.Status.Detail}", e);
        }
        catch (RpcException e) when (IsRefusal(e))
        {
            throw Refused(what, key, e);
        }
    }

    internal static bool IsRefusal(RpcException e) =>
        e.StatusCode is StatusCode.Unauthenticated or StatusCode.PermissionDenied
        || (e.StatusCode == StatusCode.InvalidArgument && e.Status.Detail.Contains("user", StringComparison.OrdinalIgnoreCase))
        || (e.StatusCode == StatusCode.FailedPrecondition && e.Status.Detail.Contains("authentication", StringComparison.OrdinalIgnoreCase));

    internal RegistryAccessDeniedException Refused(string what, string key, RpcException e) =>
        new($"etcd {what} of {key} refused at {Options.Endpoints}: {e.Status.Detail} (check the etcd user, password and the role's key ranges)", e);
}
