namespace Mao.Federation.Identity;

/// <summary>Finds a site's published public key by its id (the registry keeps every key a site ever published).</summary>
public interface ISiteKeyResolver
{
    Task<SitePublicKey?> FindAsync(string site, string keyId, CancellationToken cancellationToken);
}

/// <summary>A fixed set of keys: for tools that verify offline and for tests of the signature rules themselves.</summary>
public sealed class StaticKeyResolver(IEnumerable<(string Site, SitePublicKey Key)> keys) : ISiteKeyResolver
{
    private readonly Dictionary<(string, string), SitePublicKey> _keys = keys.ToDictionary(k => (k.Site, k.Key.KeyId), k => k.Key);

    public Task<SitePublicKey?> FindAsync(string site, string keyId, CancellationToken cancellationToken) =>
        Task.FromResult(_keys.GetValueOrDefault((site, keyId)));
}
