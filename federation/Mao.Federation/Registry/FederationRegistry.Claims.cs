using Mao.Core;
using Mao.Federation.Identity;
using Mao.Federation.Registry.Documents;
using Microsoft.Extensions.Logging;

namespace Mao.Federation.Registry;

/// <summary>
/// Which site runs the round of a tool's period. Each site writes its signed claim under its own prefix
/// (<c>claims/&lt;site&gt;/&lt;tool&gt;/&lt;period&gt;</c>), so no site can delete or pre-empt another's; the winner is the
/// claim with the lowest create revision among every site's claims, read in one transaction. Revisions are a total
/// order, so two sites claiming at once agree: a claim created later cannot undercut one already there, and a site
/// that reads after its own create sees every claim created before it. A claim counts only when it verifies with a key
/// its site had published before the claim was created (keys are create-only and never deleted), so the answer depends
/// on nothing but what etcd holds: an unsigned claim, or one from a site without a registered key, never wins.
/// </summary>
public sealed partial class FederationRegistry
{
    private const int MaxRememberedWinners = 10_000;

    private volatile string[] _signers = [];

    /// <summary>
    /// Winners already found: final, since a later claim cannot undercut the earliest and keys are never deleted (only
    /// the winner itself could delete its claim, handing the period on; this process keeps the first winner it saw).
    /// Saves the transaction on every announcement and result a watch or a chart reads again.
    /// </summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Tool, string Period), RoundClaim> _winners = new();

    /// <summary>
    /// Claims the round of (tool, period) for <paramref name="round"/> at this site. The winner (and a re-run of the
    /// winner) gets <c>Won = true</c>; everyone else learns the winning claim, to join that round as a peer.
    /// </summary>
    public async Task<(bool Won, RoundClaim Holder)> ClaimRoundAsync(string tool, string period, string round, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var claim = new RoundClaim(tool, period, round, Signer.Key.Site, now);
        var key = Keys.Claim(tool, period, claim.Site);
        claim.Validate(key);
        // Created, or an earlier claim of ours stands (never replaced): the read below decides either way.
        await PublishSignedAsync(key, claim, cancellationToken);
        var winner = await ReadClaimAsync(tool, period, cancellationToken)
            ?? throw new InvalidOperationException(
                $"etcd key {key}: site {claim.Site}'s claim does not count, since no key it had published under {Keys.SiteKeysPrefix}{claim.Site}/ verifies it: register the site before it claims rounds");
        return (winner.Site == claim.Site && winner.Round == claim.Round, winner);
    }

    /// <summary>The winning claim of (tool, period): the earliest created one that verifies; null while none does.</summary>
    public async Task<RoundClaim?> ReadClaimAsync(string tool, string period, CancellationToken cancellationToken)
    {
        if (_winners.TryGetValue((tool, period), out var known))
        {
            return known;
        }
        var sites = _signers.ToHashSet(StringComparer.Ordinal);
        while (true)
        {
            var asked = sites.Order(StringComparer.Ordinal).ToList();
            var read = await Etcd.ReadTogetherAsync(Keys.SiteKeysPrefix, asked.Select(s => Keys.Claim(tool, period, s)).ToList(), cancellationToken);
            var signers = read.Prefix.Entries.Select(e => Keys.ParseSiteKey(e.Key)).OfType<string>().ToHashSet(StringComparer.Ordinal);
            if (!signers.IsSubsetOf(sites))
            {
                // A site whose key we did not know: ask again with its claim key too, all at one revision.
                sites.UnionWith(signers);
                continue;
            }
            _signers = [.. sites];
            foreach (var entry in read.Keys.OfType<RegistryEntry>().OrderBy(e => e.CreateRevision))
            {
                if (await OpenClaimAsync(entry, read.Prefix.Entries, cancellationToken) is { } claim)
                {
                    if (_winners.Count >= MaxRememberedWinners)
                    {
                        _winners.Clear();
                    }
                    return _winners.GetOrAdd((tool, period), claim);
                }
            }
            return null;
        }
    }

    /// <summary>The claim at <paramref name="entry"/> if it verifies with a key published before it was created, else null (logged).</summary>
    private async Task<RoundClaim?> OpenClaimAsync(RegistryEntry entry, IReadOnlyList<RegistryEntry> keyEntries, CancellationToken cancellationToken)
    {
        var earlier = new List<(string Site, SitePublicKey Key)>();
        foreach (var keyEntry in keyEntries.Where(k => k.CreateRevision < entry.CreateRevision))
        {
            if (Keys.ParseSiteKey(keyEntry.Key) is { } site && TryParseKey(keyEntry) is { } key && keyEntry.Key.EndsWith("/" + key.KeyId, StringComparison.Ordinal))
            {
                earlier.Add((site, key));
            }
        }
        try
        {
            // Its own replay guard: claims are read again on every resolution, and a site's claims of two periods may share a round id.
            var verified = await new MessageVerifier(new StaticKeyResolver(earlier), new ReplayGuard(), _logger).OpenAsync<RoundClaim>(entry.Value, entry.Key, cancellationToken);
            CheckKey(verified.Message, entry.Key, KeyOf<RoundClaim>());
            return verified.Message;
        }
        catch (MessageRejectedException e)
        {
            _logger.LogWarning("Claim at {Key} does not count: {Reason}", entry.Key, e.Reason);
            return null;
        }
    }

    private SitePublicKey? TryParseKey(RegistryEntry entry)
    {
        try
        {
            return Core.Serialization.MaoJson.Parse<SitePublicKey>(entry.Value, entry.Key);
        }
        catch (MaoFormatException e)
        {
            _logger.LogWarning("Ignoring unreadable public key at {Key}: {Error}", entry.Key, e.Message);
            return null;
        }
    }

    /// <summary>
    /// Announcements and verified results count only from the round that won its period's claim: any site may write
    /// under its own prefix, but a round it did not win is refused, like a forged signature.
    /// </summary>
    private async Task CheckClaimedAsync<T>(T message, string key, CancellationToken cancellationToken) where T : ISignedMessage
    {
        var (period, what) = message switch
        {
            RoundAnnouncement a => (a.Period, "announcement"),
            VerifiedResult v => (v.Period, "verified result"),
            _ => (null, null),
        };
        if (period is null)
        {
            return;
        }
        var claim = await ReadClaimAsync(message.Tool, period, cancellationToken);
        if (claim is null || claim.Site != message.Site || claim.Round != message.Round)
        {
            throw new MessageRejectedException(key, $"{what} of round {message.Round} by {message.Site}, but the claim of {message.Tool}/{period} "
                + (claim is null ? "has no signed claim" : $"was won by round {claim.Round} of {claim.Site}"));
        }
    }
}
