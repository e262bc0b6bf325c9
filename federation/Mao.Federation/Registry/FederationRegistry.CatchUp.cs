using Mao.Federation.Identity;
using Mao.Federation.Registry.Documents;

namespace Mao.Federation.Registry;

/// <summary>Signed messages changed after a revision, and the revision the read saw: a host that sleeps catches up with these.</summary>
public sealed record SignedRange<T>(IReadOnlyList<SignedEvent<T>> Events, long Revision) where T : ISignedMessage;

/// <summary>
/// Range reads for catching up (the Functions app's timer): every message under a prefix whose last change is after
/// <c>afterRevision</c>, in revision order, with the header revision to remember for the next read. A range read
/// sees the current keys, so etcd's compaction of old revisions cannot make it fail the way a watch from an old revision does.
/// </summary>
public sealed partial class FederationRegistry
{
    public Task<SignedRange<RoundAnswer>> ReadAnswersSinceAsync(long afterRevision, CancellationToken cancellationToken) =>
        ReadSignedSinceAsync<RoundAnswer>(Keys.AllAnswersPrefix, afterRevision, cancellationToken);

    public Task<SignedRange<RoundAnnouncement>> ReadAnnouncementsSinceAsync(long afterRevision, CancellationToken cancellationToken) =>
        ReadSignedSinceAsync<RoundAnnouncement>(Keys.AllRoundsPrefix, afterRevision, cancellationToken);

    public Task<SignedRange<VerifiedResult>> ReadVerifiedSinceAsync(long afterRevision, CancellationToken cancellationToken) =>
        ReadSignedSinceAsync<VerifiedResult>(Keys.AllVerifiedPrefix, afterRevision, cancellationToken);

    private async Task<SignedRange<T>> ReadSignedSinceAsync<T>(string prefix, long afterRevision, CancellationToken cancellationToken)
        where T : ISignedMessage
    {
        var range = await Etcd.GetPrefixAsync(prefix, cancellationToken);
        var events = new List<SignedEvent<T>>();
        foreach (var entry in range.Entries.Where(e => e.ModRevision > afterRevision).OrderBy(e => e.ModRevision))
        {
            var change = new RegistryEvent(RegistryEventKind.Put, entry.Key, entry.Value, entry.ModRevision, entry.CreateRevision, entry.Version);
            events.Add(await OpenEventAsync(change, KeyOf<T>(), cancellationToken));
        }
        return new SignedRange<T>(events, range.Revision);
    }
}
