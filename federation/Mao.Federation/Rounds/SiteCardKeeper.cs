using Mao.Federation.Configuration;
using Mao.Federation.Registry;
using Mao.Federation.Registry.Documents;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Mao.Federation.Rounds;

/// <summary>
/// Keeps this site in the federation's live set: its card (endpoint, public key, tools, git remote) under a lease,
/// kept alive while the host runs. The card is what peers use to check a pointer's locations and the site's signatures.
/// </summary>
public sealed class SiteCardKeeper(FederationRegistry registry, FederationSettings settings, SiteEndpoint endpoint, ILogger<SiteCardKeeper> log) : IHostedService
{
    private SiteRegistration? _registration;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var card = new SiteCard(settings.SiteId, settings.SiteId, endpoint.PublicBaseAddress.ToString().TrimEnd('/'),
            registry.Signer.Key.PublicKey, settings.Tools, CardVersion: DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), GitRemote: settings.GitRemote);
        _registration = await registry.RegisterSiteAsync(card, settings.SiteTtl, cancellationToken);
        log.LogInformation("Site {Site} registered at {Endpoint}", settings.SiteId, card.Endpoint);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_registration is not null)
        {
            // Disposing revokes the lease, and tolerates etcd being away (the lease then expires within the TTL).
            await _registration.DisposeAsync();
        }
    }
}

/// <summary>
/// Where peers reach this site's API: MAO_PUBLIC_ENDPOINT, or the address the API bound to (known only once it
/// listens, hence a mutable holder the host fills in before hosted services start).
/// </summary>
public sealed class SiteEndpoint(FederationSettings settings)
{
    private Uri? _bound;

    public Uri PublicBaseAddress =>
        settings.PublicEndpoint is { } configured ? new Uri(configured.TrimEnd('/') + "/")
        : _bound ?? throw new InvalidOperationException("the site's API address is not known yet: set MAO_PUBLIC_ENDPOINT");

    public void Bound(Uri address) => _bound = new Uri(address.ToString().TrimEnd('/') + "/");

    /// <summary>Where this site serves a snapshot by content id.</summary>
    public Uri SnapshotAddress(string contentId) => new(PublicBaseAddress, $"api/snapshots/{contentId}");
}
