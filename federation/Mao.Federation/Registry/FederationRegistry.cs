using Mao.Core;
using Mao.Core.Model;
using Mao.Core.Serialization;
using Mao.Federation.Identity;
using Mao.Federation.Registry.Documents;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mao.Federation.Registry;

/// <summary>
/// The federation's registry as typed documents: site cards and the live set, tool manifests, dataset
/// locations, notifications (this file) and the signed round messages (FederationRegistry.Rounds.cs).
/// Everything read is parsed strictly; a bad value is a <see cref="MaoFormatException"/> naming its key.
/// </summary>
public sealed partial class FederationRegistry
{
    private readonly ILogger _logger;

    public FederationRegistry(EtcdRegistry etcd, MessageSigner signer, ReplayGuard? replays = null, ILogger? logger = null)
    {
        Etcd = etcd;
        Signer = signer;
        _logger = logger ?? NullLogger.Instance;
        KeyDirectory = new SiteKeyDirectory(etcd);
        Verifier = new MessageVerifier(KeyDirectory, replays, _logger);
        Watcher = new RegistryWatcher(etcd, _logger);
    }

    public EtcdRegistry Etcd { get; }

    public KeyLayout Keys => Etcd.Keys;

    public MessageSigner Signer { get; }

    public MessageVerifier Verifier { get; }

    public SiteKeyDirectory KeyDirectory { get; }

    public RegistryWatcher Watcher { get; }

    /// <summary>Joins the live set with this site's card (its public key published first), kept alive until disposed.</summary>
    public Task<SiteRegistration> RegisterSiteAsync(SiteCard card, TimeSpan ttl, CancellationToken cancellationToken)
    {
        if (card.Site != Signer.Key.Site || card.PublicKey != Signer.Key.PublicKey)
        {
            throw new InvalidOperationException($"site {Signer.Key.Site} can only register its own card with its own key, not {card.Site}'s");
        }
        return SiteRegistration.StartAsync(Etcd, card, ttl, cancellationToken, _logger);
    }

    /// <summary>A live site's card; its public key must be one the site published under <c>/mao/keys</c>.</summary>
    public async Task<SiteCard?> GetSiteAsync(string site, CancellationToken cancellationToken)
    {
        var key = Keys.Site(site);
        var entry = await Etcd.GetAsync(key, cancellationToken);
        if (entry is null)
        {
            return null;
        }
        var card = ParseCard(entry);
        await KeyDirectory.CheckCardAsync(card, cancellationToken);
        return card;
    }

    /// <summary>Sites whose lease is alive. A card that does not parse is logged and left out, not allowed to hide the others.</summary>
    public async Task<IReadOnlyList<SiteCard>> LiveSitesAsync(CancellationToken cancellationToken)
    {
        var range = await Etcd.GetPrefixAsync(Keys.SitesPrefix, cancellationToken);
        var cards = new List<SiteCard>();
        foreach (var entry in range.Entries)
        {
            try
            {
                cards.Add(ParseCard(entry));
            }
            catch (MaoFormatException e)
            {
                _logger.LogWarning("Ignoring unusable site card: {Error}", e.Message);
            }
        }
        return cards;
    }

    public Task<long> PublishToolAsync(ToolManifest tool, CancellationToken cancellationToken)
    {
        var key = Keys.Tool(tool.Name);
        tool.Validate(key);
        return Etcd.PutAsync(key, MaoJson.Write(tool), lease: 0, cancellationToken);
    }

    public async Task<ToolManifest?> GetToolAsync(string tool, CancellationToken cancellationToken)
    {
        var key = Keys.Tool(tool);
        var entry = await Etcd.GetAsync(key, cancellationToken);
        if (entry is null)
        {
            return null;
        }
        var manifest = RegistryDocuments.ParseTool(entry.Value, key);
        return manifest.Name == tool ? manifest : throw new MaoFormatException(key, $"holds the manifest of tool '{manifest.Name}'");
    }

    public Task<long> PutDatasetAsync(DatasetLocation location, CancellationToken cancellationToken)
    {
        var key = Keys.Dataset(location.Tool, location.Site);
        location.Validate(key);
        return Etcd.PutAsync(key, MaoJson.Write(location), lease: 0, cancellationToken);
    }

    public async Task<IReadOnlyList<DatasetLocation>> DatasetsAsync(string tool, CancellationToken cancellationToken)
    {
        // Each site's locations sit under its own prefix (its role writes only there): read them all, keep the tool's.
        var range = await Etcd.GetPrefixAsync(Keys.AllDatasetsPrefix, cancellationToken);
        return range.Entries.Where(e => Keys.ParseDataset(e.Key)?.Tool == tool)
            .Select(e => ParseAt<DatasetLocation>(e, d => Keys.Dataset(d.Tool, d.Site))).ToList();
    }

    private SiteCard ParseCard(RegistryEntry entry) => ParseAt<SiteCard>(entry, c => Keys.Site(c.Site));

    /// <summary>Parses a document and checks it sits at the key its own fields name (no copying a card to another site's key).</summary>
    private static T ParseAt<T>(RegistryEntry entry, Func<T, string> keyOf) where T : IRegistryDocument
    {
        var document = RegistryDocuments.Parse<T>(entry.Value, entry.Key);
        var expected = keyOf(document);
        return expected == entry.Key ? document : throw new MaoFormatException(entry.Key, $"document belongs at {expected}");
    }
}
