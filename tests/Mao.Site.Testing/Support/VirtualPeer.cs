using Mao.Federation.Identity;
using Mao.Federation.Registry;
using Mao.Federation.Registry.Documents;

namespace Mao.Site.Tests.Support;

/// <summary>
/// A peer the test speaks for: its own key, its card in the live set (at an endpoint the test chooses), and signed
/// answers written straight into etcd, so a test can send exactly the answers an attacker or a faulty site would.
/// </summary>
public sealed class VirtualPeer : IAsyncDisposable
{
    private readonly EtcdRegistry _etcd;
    private readonly SiteRegistration _registration;

    private VirtualPeer(string site, SiteKeyPair key, EtcdRegistry etcd, FederationRegistry registry, SiteRegistration registration)
    {
        Site = site;
        Key = key;
        _etcd = etcd;
        Registry = registry;
        _registration = registration;
    }

    public string Site { get; }

    public SiteKeyPair Key { get; }

    public FederationRegistry Registry { get; }

    public static async Task<VirtualPeer> JoinAsync(Mao.Federation.Configuration.FederationSettings like, string site, Uri endpoint, CancellationToken ct)
    {
        var key = SiteKeyPair.CreateEphemeral(site);
        var etcd = new EtcdRegistry(new EtcdOptions { Endpoints = like.Etcd.Endpoints, KeyRoot = like.Etcd.KeyRoot });
        var registry = new FederationRegistry(etcd, new MessageSigner(key));
        var card = new SiteCard(site, site, endpoint.ToString().TrimEnd('/'), key.PublicKey, ["bench"], 1);
        var registration = await registry.RegisterSiteAsync(card, TimeSpan.FromSeconds(10), ct);
        return new VirtualPeer(site, key, etcd, registry, registration);
    }

    public async ValueTask DisposeAsync()
    {
        await _registration.DisposeAsync();
        _etcd.Dispose();
        Key.Dispose();
    }
}
