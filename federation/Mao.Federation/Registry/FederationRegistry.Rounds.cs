using System.Runtime.CompilerServices;
using Mao.Core;
using Mao.Core.Serialization;
using Mao.Federation.Identity;
using Mao.Federation.Registry.Documents;

namespace Mao.Federation.Registry;

/// <summary>
/// Round messages: signed on write, verified on read, at keys their own fields name, each under its writer's prefix.
/// Announcements and verified results also have to belong to the round that won their period's claim (FederationRegistry.Claims.cs).
/// </summary>
public sealed partial class FederationRegistry
{
    /// <summary>At <c>rounds/&lt;site&gt;/&lt;tool&gt;/&lt;round&gt;</c>, under the announcer's own prefix.</summary>
    public Task<CasResult> AnnounceAsync(RoundAnnouncement announcement, CancellationToken cancellationToken) =>
        PublishSignedAsync(Keys.Round(announcement.Tool, announcement.Round, announcement.Site), announcement, cancellationToken);

    public Task<CasResult> AnswerAsync(RoundAnswer answer, CancellationToken cancellationToken) =>
        PublishSignedAsync(Keys.Answer(answer.Tool, answer.Round, answer.Site), answer, cancellationToken);

    /// <summary>
    /// Publishes ground truth once, at <c>verified/&lt;site&gt;/&lt;tool&gt;/&lt;period&gt;</c> under this site's own prefix:
    /// a repeat of the same result is success, a different one is kept and reported as lost. Readers take it only if
    /// its round won the period's claim.
    /// </summary>
    public Task<CasResult> PublishVerifiedAsync(VerifiedResult result, CancellationToken cancellationToken) =>
        PublishSignedAsync(Keys.Verified(result.Tool, result.Period, result.Site), result, cancellationToken);

    /// <summary>The announcement of <paramref name="round"/> by <paramref name="site"/>, if that round holds its period's claim.</summary>
    public Task<Verified<RoundAnnouncement>?> ReadAnnouncementAsync(string tool, string round, string site, CancellationToken cancellationToken) =>
        ReadSignedAsync<RoundAnnouncement>(Keys.Round(tool, round, site), cancellationToken);

    /// <summary>The ground truth of (tool, period): the result published by the site whose round won the period's claim, or null.</summary>
    public async Task<Verified<VerifiedResult>?> ReadVerifiedAsync(string tool, string period, CancellationToken cancellationToken) =>
        await ReadClaimAsync(tool, period, cancellationToken) is { } claim
            ? await ReadSignedAsync<VerifiedResult>(Keys.Verified(tool, period, claim.Site), cancellationToken)
            : null;

    /// <summary>
    /// The answers so far, each verified; rejected ones come back with their reason, to be logged, not used. Answers sit
    /// under each answering site's own prefix, so this is one read per site that ever published a signing key (a site
    /// without one cannot sign an answer), not a read of every round's answers.
    /// </summary>
    public async Task<IReadOnlyList<SignedEvent<RoundAnswer>>> ReadAnswersAsync(string tool, string round, CancellationToken cancellationToken)
    {
        var signers = (await Etcd.GetPrefixAsync(Keys.SiteKeysPrefix, cancellationToken)).Entries
            .Select(e => Keys.ParseSiteKey(e.Key)).OfType<string>().Distinct().Order(StringComparer.Ordinal);
        var entries = await Task.WhenAll(signers.Select(site => Etcd.GetAsync(Keys.Answer(tool, round, site), cancellationToken)));
        var answers = new List<SignedEvent<RoundAnswer>>();
        foreach (var entry in entries.OfType<RegistryEntry>())
        {
            var change = new RegistryEvent(RegistryEventKind.Put, entry.Key, entry.Value, entry.ModRevision, entry.CreateRevision, entry.Version);
            answers.Add(await OpenEventAsync(change, KeyOf<RoundAnswer>(), cancellationToken));
        }
        return answers;
    }

    /// <summary>Answers already there, then each new one as it arrives; survives reconnects without loss or repeats.</summary>
    public IAsyncEnumerable<SignedEvent<RoundAnswer>> WatchAnswersAsync(string tool, string round, CancellationToken cancellationToken) =>
        WatchSignedAsync<RoundAnswer>(Keys.AllAnswersPrefix, cancellationToken, key => Keys.ParseAnswer(key) is { } a && a.Tool == tool && a.Round == round);

    /// <summary>Every round's answers: what the announcing site's watch turns into its rounds' events.</summary>
    public IAsyncEnumerable<SignedEvent<RoundAnswer>> WatchAllAnswersAsync(CancellationToken cancellationToken) =>
        WatchSignedAsync<RoundAnswer>(Keys.AllAnswersPrefix, cancellationToken);

    /// <summary>Announcements of one tool, or of every tool when <paramref name="tool"/> is null: every site's prefix; a round that did not win its claim comes as a rejection.</summary>
    public IAsyncEnumerable<SignedEvent<RoundAnnouncement>> WatchAnnouncementsAsync(string? tool, CancellationToken cancellationToken) =>
        WatchSignedAsync<RoundAnnouncement>(Keys.AllRoundsPrefix, cancellationToken, key => Keys.ParseRound(key) is { } r && (tool is null || r.Tool == tool));

    /// <summary>Verified results of one tool, or of every tool: every site's prefix; a result of a round that did not win its claim comes as a rejection.</summary>
    public IAsyncEnumerable<SignedEvent<VerifiedResult>> WatchVerifiedAsync(string? tool, CancellationToken cancellationToken) =>
        WatchSignedAsync<VerifiedResult>(Keys.AllVerifiedPrefix, cancellationToken, key => Keys.ParseVerified(key) is { } v && (tool is null || v.Tool == tool));

    /// <param name="include">Which keys under the prefix to open (null: all); the rest are skipped before any signature check.</param>
    private async IAsyncEnumerable<SignedEvent<T>> WatchSignedAsync<T>(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken,
        Func<string, bool>? include = null)
        where T : ISignedMessage
    {
        await foreach (var change in Watcher.ReadAndWatchAsync(prefix, cancellationToken))
        {
            if (change.Kind == RegistryEventKind.Delete || (include is not null && !include(change.Key)))
            {
                continue;
            }
            var opened = await OpenEventAsync(change, KeyOf<T>(), cancellationToken);
            if (opened.Accepted is { Repeated: true })
            {
                continue;
            }
            yield return opened;
        }
    }

    private async Task<Verified<T>?> ReadSignedAsync<T>(string key, CancellationToken cancellationToken) where T : ISignedMessage
    {
        var entry = await Etcd.GetAsync(key, cancellationToken);
        if (entry is null)
        {
            return null;
        }
        var verified = await Verifier.OpenAsync<T>(entry.Value, key, cancellationToken);
        CheckKey(verified.Message, key, KeyOf<T>());
        await CheckClaimedAsync(verified.Message, key, cancellationToken);
        return verified;
    }

    private async Task<SignedEvent<T>> OpenEventAsync<T>(RegistryEvent change, Func<T, string> keyOf, CancellationToken cancellationToken)
        where T : ISignedMessage
    {
        try
        {
            var verified = await Verifier.OpenAsync<T>(change.Value, change.Key, cancellationToken);
            CheckKey(verified.Message, change.Key, keyOf);
            await CheckClaimedAsync(verified.Message, change.Key, cancellationToken);
            return new SignedEvent<T>(change, verified, null);
        }
        catch (MessageRejectedException e)
        {
            return new SignedEvent<T>(change, null, e);
        }
    }

    /// <summary>
    /// Writes a signed message: created if absent; an identical message already there is success (activities re-run);
    /// our own older revision is replaced by compare-and-swap; anything else is kept and reported as lost.
    /// </summary>
    private async Task<CasResult> PublishSignedAsync<T>(string key, T message, CancellationToken cancellationToken) where T : ISignedMessage
    {
        var envelope = Signer.Sign(message);
        var json = MaoJson.Write(envelope);
        var result = await Etcd.CreateAsync(key, json, lease: 0, cancellationToken);
        while (!result.Won && result.Current is { } current)
        {
            SignedEnvelope existing;
            T existingMessage;
            try
            {
                existing = RegistryDocuments.Parse<SignedEnvelope>(current.Value, key, SignedEnvelope.CurrentFormat, e => e.Format);
                existingMessage = RegistryDocuments.Parse<T>(existing.Payload, key, T.CurrentFormat, m => m.Format);
            }
            catch (MaoFormatException)
            {
                return result; // never overwrite what we cannot read: leave it for people to look at
            }
            if (existing.Payload == envelope.Payload)
            {
                return new CasResult(true, current.ModRevision, null);
            }
            if (existingMessage.Site != message.Site || existingMessage.Revision >= message.Revision)
            {
                return result;
            }
            result = await Etcd.CompareAndSwapAsync(key, current.ModRevision, json, cancellationToken);
        }
        return result;
    }

    private static void CheckKey<T>(T message, string key, Func<T, string> keyOf) where T : ISignedMessage
    {
        var expected = keyOf(message);
        if (expected != key)
        {
            throw new MessageRejectedException(key, $"message belongs at {expected}: copied from another round or site");
        }
    }

    private Func<T, string> KeyOf<T>() where T : ISignedMessage => message => message switch
    {
        RoundClaim c => Keys.Claim(c.Tool, c.Period, c.Site),
        RoundAnnouncement a => Keys.Round(a.Tool, a.Round, a.Site),
        RoundAnswer a => Keys.Answer(a.Tool, a.Round, a.Site),
        VerifiedResult v => Keys.Verified(v.Tool, v.Period, v.Site),
        Notification n => Keys.Notification(n.Date, n.Site, n.Id),
        _ => throw new MaoFormatException(typeof(T).Name, "no key layout for this message kind"),
    };
}
