using Mao.Federation.Identity;
using Mao.Federation.Registry;
using Mao.Testing;

namespace Mao.Federation.Tests.Registry;

[CollectionDefinition(Name)]
public sealed class EtcdCollection : ICollectionFixture<EtcdFixture>
{
    public const string Name = "etcd";
}

/// <summary>A site's view of the registry for tests: own key, own client, a key root no other test uses.</summary>
internal sealed class TestSite : IDisposable
{
    public TestSite(string endpoints, string site, string keyRoot, TimeSpan? callTimeout = null)
        : this(new EtcdOptions { Endpoints = endpoints, KeyRoot = keyRoot, CallTimeout = callTimeout ?? TimeSpan.FromSeconds(5) }, site)
    {
    }

    public TestSite(EtcdOptions options, string site)
    {
        Key = SiteKeyPair.CreateEphemeral(site);
        Etcd = new EtcdRegistry(options);
        Registry = new FederationRegistry(Etcd, new MessageSigner(Key));
    }

    public SiteKeyPair Key { get; }

    public EtcdRegistry Etcd { get; }

    public FederationRegistry Registry { get; }

    /// <summary>Publishes the site's public key (what registering does first): its signed claims count only after this.</summary>
    public Task PublishKeyAsync(CancellationToken cancellationToken) => Registry.KeyDirectory.PublishAsync(Key.Site, Key.PublicKey, cancellationToken);

    public static string NewRoot() => $"/test-{Guid.NewGuid():N}";

    public Mao.Federation.Registry.Documents.SiteCard Card(long version = 1) =>
        new(Key.Site, $"Site {Key.Site}", $"http://{Key.Site}.example:8080/", Key.PublicKey, ["dockerhub-arch"], version, $"/srv/git/{Key.Site}");

    public void Dispose()
    {
        Etcd.Dispose();
        Key.Dispose();
    }
}
