using Mao.Core;
using Mao.Core.Model;

namespace Mao.Orchestrations.Local;

/// <summary>
/// The layout of a site's data folder. Every name that ends up in a path is an <see cref="Identifier"/>
/// or a content id, so no input can leave the folder.
/// <code>
/// snapshots/&lt;tool&gt;/&lt;content-id&gt;.jsonl           this site's own snapshots
/// rounds/&lt;tool&gt;/&lt;round&gt;/announcement.json         the round as announced (outbox until etcd carries it)
/// rounds/&lt;tool&gt;/&lt;round&gt;/peers/&lt;site&gt;.jsonl      fetched peer snapshots (checked copies)
/// rounds/&lt;tool&gt;/&lt;round&gt;/ground-truth.jsonl      the verified result before publishing
/// published/&lt;tool&gt;/&lt;round&gt;.json                  the publication (create-only: one per round)
/// published/&lt;tool&gt;/&lt;content-id&gt;.jsonl           published ground-truth snapshots
/// journal/activities.jsonl                           one line per activity side effect (audit, tests)
/// </code>
/// </summary>
public sealed class SiteDataFolder
{
    public SiteDataFolder(string root)
    {
        if (string.IsNullOrWhiteSpace(root))
        {
            throw new ArgumentException("the site data folder needs a path", nameof(root));
        }
        Root = Path.GetFullPath(root);
    }

    public string Root { get; }

    public string SnapshotsOf(string tool) => Path.Combine(Root, "snapshots", Id(tool, "tool"));

    public string OwnSnapshot(string tool, string contentId) => Path.Combine(SnapshotsOf(tool), Content(contentId) + ".jsonl");

    public string RoundFolder(string tool, string roundId) => Path.Combine(Root, "rounds", Id(tool, "tool"), Id(roundId, "round id"));

    public string Announcement(string tool, string roundId) => Path.Combine(RoundFolder(tool, roundId), "announcement.json");

    public string PeerSnapshot(string tool, string roundId, string site) =>
        Path.Combine(RoundFolder(tool, roundId), "peers", Id(site, "site") + ".jsonl");

    public string StagedGroundTruth(string tool, string roundId) => Path.Combine(RoundFolder(tool, roundId), "ground-truth.jsonl");

    public string PublishedFolder(string tool) => Path.Combine(Root, "published", Id(tool, "tool"));

    public string Publication(string tool, string roundId) => Path.Combine(PublishedFolder(tool), Id(roundId, "round id") + ".json");

    public string PublishedSnapshot(string tool, string contentId) => Path.Combine(PublishedFolder(tool), Content(contentId) + ".jsonl");

    public string Journal => Path.Combine(Root, "journal", "activities.jsonl");

    private static string Id(string value, string what) => Identifier.Validate(value, what, "site data folder");

    private static string Content(string contentId) =>
        Core.Serialization.ContentId.IsWellFormed(contentId)
            ? contentId
            : throw new MaoFormatException("site data folder", $"'{contentId}' is not a content id");
}
