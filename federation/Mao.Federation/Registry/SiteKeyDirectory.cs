using Mao.Core.Serialization;
using Mao.Federation.Identity;
using Mao.Federation.Registry.Documents;

namespace Mao.Federation.Registry;

/// <summary>
/// Sites' public keys in etcd at <c>/mao/keys/&lt;site&gt;/&lt;keyId&gt;</c>, outside any lease: messages signed with
/// a site's older key, or by a site that has since gone away, can still be verified.
/// </summary>
public sealed class SiteKeyDirectory(EtcdRegistry registry) : ISiteKeyResolver
{
    public async Task PublishAsync(string site, SitePublicKey key, CancellationToken cancellationToken)
    {
        var where = registry.Keys.SiteKey(site, key.KeyId);
        var result = await registry.CreateAsync(where, MaoJson.Write(key), lease: 0, cancellationToken);
        if (!result.Won && result.Current is { } current && MaoJson.Parse<SitePublicKey>(current.Value, where) != key)
        {
            // The id is a hash of the key, so a different key under it means the entry was tampered with.
            throw new MessageRejectedException(where, $"a different public key is already published under id {key.KeyId}");
        }
    }

    public async Task<SitePublicKey?> FindAsync(string site, string keyId, CancellationToken cancellationToken)
    {
        var where = registry.Keys.SiteKey(site, keyId);
        var entry = await registry.GetAsync(where, cancellationToken);
        if (entry is null)
        {
            return null;
        }
        var key = MaoJson.Parse<SitePublicKey>(entry.Value, where);
        return key.KeyId == keyId ? key : throw new MessageRejectedException(where, $"entry holds key {key.KeyId}, not {keyId}");
    }

    /// <summary>Every site that has published a key: the federation's members, live or gone (keys outlive a site's lease).</summary>
    public async Task<IReadOnlyList<string>> SitesAsync(CancellationToken cancellationToken)
    {
        var range = await registry.GetPrefixAsync(registry.Keys.SiteKeysPrefix, cancellationToken);
        return range.Entries.Select(e => registry.Keys.ParseSiteKey(e.Key)).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>The key a card names must be the one published for the site: a card cannot smuggle in another key.</summary>
    public async Task CheckCardAsync(SiteCard card, CancellationToken cancellationToken)
    {
        var published = await FindAsync(card.Site, card.PublicKey.KeyId, cancellationToken);
        if (published != card.PublicKey)
        {
            throw new MessageRejectedException(registry.Keys.Site(card.Site), $"site card names key {card.PublicKey.KeyId}, which the site has not published");
        }
    }
}
