using Mao.Federation.Identity;
using Mao.Federation.Registry.Documents;

namespace Mao.Federation.Tests.Identity;

/// <summary>Messages and keys for signature tests: two sites with their own key pairs.</summary>
internal sealed class SignedMessages : IDisposable
{
    public SiteKeyPair KeyA { get; } = SiteKeyPair.CreateEphemeral("site-a");
    public SiteKeyPair KeyB { get; } = SiteKeyPair.CreateEphemeral("site-b");

    public StaticKeyResolver Resolver => new([("site-a", KeyA.PublicKey), ("site-b", KeyB.PublicKey)]);

    public static SnapshotPointer Pointer(char id, string site, string tool = "dockerhub-arch") =>
        new(new string(id, 64), 1234, tool, "1.0.0", site, "2026-11-01", new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero),
            [new SnapshotLocation(LocationKind.Http, $"https://{site}.example/api/snapshots/{new string(id, 64)}"),
             new SnapshotLocation(LocationKind.Git, $"https://git.example/{site}/{tool}.git", new string('1', 40))]);

    public static RoundAnswer Answer(string site = "site-a", long revision = 1, string round = "r-2026-11-01") =>
        new("dockerhub-arch", round, site, revision, AnswerKind.Snapshot, Pointer('a', site));

    public static RoundAnnouncement Announcement(string site = "site-a", long revision = 1, string round = "r-2026-11-01") =>
        new("dockerhub-arch", round, "2026-11-01", site, revision, Pointer('b', site), ["site-b", "site-c"],
            new DateTimeOffset(2026, 11, 1, 1, 0, 0, TimeSpan.Zero));

    public void Dispose()
    {
        KeyA.Dispose();
        KeyB.Dispose();
    }
}
