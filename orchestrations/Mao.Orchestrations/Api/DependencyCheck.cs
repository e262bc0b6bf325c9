using Azure;
using Azure.Storage.Blobs;
using Grpc.Core;
using Mao.Federation.Configuration;
using Mao.Federation.Registry;

namespace Mao.Orchestrations.Api;

/// <summary>Whether the site's storage account and etcd answered the last probe; a problem names what failed.</summary>
public sealed record DependencyState(bool StorageUp, bool EtcdUp, string? StorageProblem, string? EtcdProblem)
{
    public bool AllUp => StorageUp && EtcdUp;

    /// <summary>One sentence for a 503: what is down and why.</summary>
    public string Describe() => string.Join("; ", new[]
    {
        StorageUp ? null : $"storage is unreachable ({StorageProblem})",
        EtcdUp ? null : $"etcd is unreachable ({EtcdProblem})",
    }.Where(p => p is not null));
}

/// <summary>
/// Probes the storage account and etcd with one cheap call each and a short timeout, cached for a moment, so health
/// says what is down and API routes answer 503 at once instead of running into the SDKs' retries (5-6 s, then 500).
/// </summary>
public sealed class DependencyCheck
{
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(1.5);

    /// <summary>The Retry-After both hosts send with a 503 while a dependency is down.</summary>
    public const int RetryAfterSeconds = 5;

    /// <summary>The 503 both hosts answer while a dependency is down: what is down, and when to try again.</summary>
    public static ApiReply Unavailable(string problem) => ApiReply.Error(503, $"{problem}: try again in {RetryAfterSeconds} s");

    private readonly BlobContainerClient _container;
    private readonly EtcdRegistry _etcd;
    private readonly TimeProvider _clock;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (DependencyState State, DateTimeOffset At)? _last;

    public DependencyCheck(FederationSettings settings, EtcdRegistry etcd, TimeProvider clock)
    {
        var store = settings.StoreOptions();
        // No retries and a short network timeout: a probe must answer within ProbeTimeout either way.
        var options = new BlobClientOptions { Retry = { MaxRetries = 0, NetworkTimeout = ProbeTimeout } };
        _container = new BlobServiceClient(store.ConnectionString, options).GetBlobContainerClient(store.Container);
        _etcd = etcd;
        _clock = clock;
    }

    public async Task<DependencyState> CheckAsync(CancellationToken cancellationToken, bool fresh = false)
    {
        if (!fresh && _last is { } last && _clock.GetUtcNow() - last.At < CacheFor)
        {
            return last.State;
        }
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!fresh && _last is { } again && _clock.GetUtcNow() - again.At < CacheFor)
            {
                return again.State; // another caller probed while this one waited
            }
            var storage = ProbeAsync(token => _container.ExistsAsync(token), cancellationToken);
            var etcd = ProbeAsync(token => _etcd.GetAsync(_etcd.Options.KeyRoot + "/health-probe", token), cancellationToken);
            var state = new DependencyState(await storage is null, await etcd is null, await storage, await etcd);
            _last = (state, _clock.GetUtcNow());
            return state;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Runs a call that needs storage or etcd, for both hosts' request pipelines. Null when the call ran (its own reply
    /// stands); else the 503 to answer instead: at once while the (cached) probe finds either down, or when the call failed
    /// because one stopped answering, rather than a 500 with an empty body after the SDKs' retries. Other failures propagate.
    /// </summary>
    /// <param name="mayReply">False once the call has started writing its response: a failure then propagates.</param>
    public async Task<ApiReply?> GuardAsync(Func<Task> call, Func<bool> mayReply, CancellationToken cancellationToken)
    {
        var state = await CheckAsync(cancellationToken);
        if (!state.AllUp)
        {
            return Unavailable(state.Describe());
        }
        try
        {
            await call();
            return null;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && mayReply())
        {
            if (IsUnreachable(e) || !(state = await CheckAsync(cancellationToken, fresh: true)).AllUp)
            {
                return Unavailable(state.AllUp ? $"a dependency did not answer ({e.GetType().Name})" : state.Describe());
            }
            throw;
        }
    }

    /// <summary>Exceptions that mean a dependency did not answer (not that it refused the request).</summary>
    public static bool IsUnreachable(Exception e) => e switch
    {
        RequestFailedException { Status: 0 } => true,
        RegistryUnavailableException => true,
        HttpRequestException => true,
        TimeoutException => true,
        RpcException { StatusCode: StatusCode.Unavailable or StatusCode.DeadlineExceeded } => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsUnreachable),
        _ => e.InnerException is { } inner && IsUnreachable(inner),
    };

    /// <returns>null when the call answered in time, else what went wrong.</returns>
    private static async Task<string?> ProbeAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            await call(timeout.Token).WaitAsync(ProbeTimeout, cancellationToken);
            return null;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return e is TimeoutException or OperationCanceledException ? $"no answer within {ProbeTimeout.TotalSeconds:0.#} s" : Short(e);
        }
    }

    private static string Short(Exception e)
    {
        var message = (e.InnerException ?? e).Message.ReplaceLineEndings(" ");
        return message.Length > 160 ? message[..160] + "..." : message;
    }
}
