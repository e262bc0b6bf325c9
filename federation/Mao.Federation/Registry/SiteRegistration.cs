using Etcdserverpb;
using Grpc.Core;
using Mao.Core.Serialization;
using Mao.Federation.Registry.Documents;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mao.Federation.Registry;

/// <summary>
/// Keeps a site in the federation's live set: its card sits under a lease that this object keeps alive.
/// When the process dies the keep-alives stop and etcd drops the card within the lease TTL.
/// If the lease expired anyway (a long partition), the card is put again under a new lease.
/// </summary>
public sealed class SiteRegistration : IAsyncDisposable
{
    private readonly EtcdRegistry _registry;
    private readonly SiteCard _card;
    private readonly TimeSpan _ttl;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private Task _keepAlive = Task.CompletedTask;

    private SiteRegistration(EtcdRegistry registry, SiteCard card, TimeSpan ttl, ILogger logger)
    {
        _registry = registry;
        _card = card;
        _ttl = ttl;
        _logger = logger;
    }

    public long LeaseId { get; private set; }

    /// <summary>How often the card had to be put again under a new lease after the old one expired.</summary>
    public int Reregistrations { get; private set; }

    public static async Task<SiteRegistration> StartAsync(EtcdRegistry registry, SiteCard card, TimeSpan ttl, CancellationToken cancellationToken, ILogger? logger = null)
    {
        card.Validate(registry.Keys.Site(card.Site));
        var keys = new SiteKeyDirectory(registry);
        await keys.PublishAsync(card.Site, card.PublicKey, cancellationToken);
        var registration = new SiteRegistration(registry, card, ttl, logger ?? NullLogger.Instance);
        await registration.RegisterAsync(cancellationToken);
        registration._keepAlive = Task.Run(() => registration.KeepAliveAsync(registration._stop.Token), CancellationToken.None);
        return registration;
    }

    /// <summary>Leaves the live set at once: stops keep-alives and revokes the lease (the card goes with it).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await AbandonAsync();
        await _registry.RevokeLeaseAsync(LeaseId, cancellationToken);
    }

    /// <summary>Stops keep-alives without revoking: what a crashed site looks like to the others.</summary>
    public async Task AbandonAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAny(_keepAlive);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            using var timeout = new CancellationTokenSource(_registry.Options.CallTimeout);
            try
            {
                await StopAsync(timeout.Token);
            }
            catch (RegistryUnavailableException e)
            {
                _logger.LogWarning("Could not revoke lease of site {Site}; it expires within {Ttl}: {Error}", _card.Site, _ttl, e.Message);
            }
        }
        _stop.Dispose();
    }

    private async Task RegisterAsync(CancellationToken cancellationToken)
    {
        LeaseId = await _registry.GrantLeaseAsync(_ttl, cancellationToken);
        await _registry.PutAsync(_registry.Keys.Site(_card.Site), MaoJson.Write(_card), LeaseId, cancellationToken);
    }

    private async Task KeepAliveAsync(CancellationToken cancellationToken)
    {
        var interval = TimeSpan.FromTicks(Math.Max(TimeSpan.FromMilliseconds(200).Ticks, _ttl.Ticks / 3));
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                using var call = _registry.Client.GetConnection().LeaseClient.LeaseKeepAlive(cancellationToken: cancellationToken);
                while (!cancellationToken.IsCancellationRequested)
                {
                    await call.RequestStream.WriteAsync(new LeaseKeepAliveRequest { ID = LeaseId }, cancellationToken);
                    using var answer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    answer.CancelAfter(_registry.Options.CallTimeout);
                    if (!await call.ResponseStream.MoveNext(answer.Token))
                    {
                        break;
                    }
                    if (call.ResponseStream.Current.TTL <= 0)
                    {
                        _logger.LogWarning("Lease of site {Site} expired; registering again", _card.Site);
                        await RegisterAsync(cancellationToken);
                        Reregistrations++;
                        continue;
                    }
                    await Task.Delay(interval, cancellationToken);
                }
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is RpcException or IOException or OperationCanceledException or RegistryUnavailableException or RegistryWriteUnknownException)
            {
                _logger.LogInformation("Keep-alive of site {Site} interrupted ({Error}); retrying", _card.Site, e.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(200), CancellationToken.None);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
