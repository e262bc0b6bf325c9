using Mao.Federation.Identity;
using Mao.Federation.Registry.Documents;

namespace Mao.Federation.Tests.Identity;

/// <summary>Messages and keys for signature tests: two sites with their own key pairs.</summary>
internal sealed class SignedMessages : IDisposable
{
    public SiteKeyPair KeyA { get; } = SiteKeyPair.CreateEphemeral("site-a");
    public SiteKeyPair KeyB { get; } = SiteKeyPair.CreateEphemeral("site-b");

    public StaticKeyResolver Resolver => new([("site-a", KeyA.PublicKey), ("site-b", KeyB.PublicKey)]);

    public static RoundAnswer Answer(string site = "site-a", long revision = 1, string round = "r-2026-11-01") =>
        new("dockerhub-arch", round, site, revision, AnswerKind.Snapshot,
            new SnapshotPointer(new string('a', 64), GitRemote: "https://git.example/site/dockerhub-arch.git", GitCommit: new string('1', 40)));

    public static RoundAnnouncement Announcement(string site = "site-a", long revision = 1, string round = "r-2026-11-01") =>
        new("dockerhub-arch", round, "2026-11-01", site, revision, "1.0.0", new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero),
            new SnapshotPointer(new string('b', 64), BlobContainer: "snapshots"), new DateTimeOffset(2026, 11, 1, 1, 0, 0, TimeSpan.Zero));

    public void Dispose()
    {
        KeyA.Dispose();
        KeyB.Dispose();
    }
}
