using System.Globalization;
using Mao.Core.Model;

namespace Mao.Federation.Registry;

/// <summary>
/// The etcd key spaces. Every name is checked with <see cref="Identifier"/> before it becomes part of a key,
/// so no tool or site name can reach outside its own key space. Everything a site writes (card, public keys, dataset
/// locations, claims, announcements, answers, verified results, notifications) sits under a prefix that names the site
/// right after the kind, so an etcd role can grant each site exactly its own ranges (<see cref="SiteOwned"/>); etcd
/// permissions are key ranges. Only tool manifests are the operator's.
/// </summary>
public sealed class KeyLayout(string root = "/mao")
{
    public string Root { get; } = root.TrimEnd('/');

    public string SitesPrefix => $"{Root}/sites/";
    public string Site(string site) => SitesPrefix + Id(site, "site name");

    /// <summary>Every public key a site ever published, never under a lease: old messages stay verifiable.</summary>
    public string SiteKey(string site, string keyId) => SiteKeysPrefix + Id(site, "site name") + "/" + Id(keyId, "key id");

    public string SiteKeysPrefix => $"{Root}/keys/";

    /// <summary>The site a public key's key names, or null for a key outside that layout.</summary>
    public string? ParseSiteKey(string key) =>
        key.StartsWith(SiteKeysPrefix, StringComparison.Ordinal) && key[SiteKeysPrefix.Length..].Split('/') is [var site, var id]
        && Identifier.IsValid(site) && Identifier.IsValid(id) ? site : null;

    public string ToolsPrefix => $"{Root}/tools/";
    public string Tool(string tool) => ToolsPrefix + Id(tool, "tool name");

    public string AllDatasetsPrefix => $"{Root}/datasets/";
    public string Dataset(string tool, string site) => AllDatasetsPrefix + Id(site, "site name") + "/" + Id(tool, "tool name");

    /// <summary>The (tool, site) a dataset key names, or null for a key outside that layout.</summary>
    public (string Tool, string Site)? ParseDataset(string key) =>
        key.StartsWith(AllDatasetsPrefix, StringComparison.Ordinal) && key[AllDatasetsPrefix.Length..].Split('/') is [var site, var tool]
        && Identifier.IsValid(site) && Identifier.IsValid(tool) ? (tool, site) : null;

    public string AllRoundsPrefix => $"{Root}/rounds/";

    /// <summary>Under the announcing site's prefix: only that site may write it (the claim says which site's round counts).</summary>
    public string Round(string tool, string round, string site) =>
        AllRoundsPrefix + Id(site, "site name") + "/" + Id(tool, "tool name") + "/" + Id(round, "round id");

    /// <summary>The (site, tool, round) an announcement key names, or null for a key outside that layout.</summary>
    public (string Site, string Tool, string Round)? ParseRound(string key) => Parse3(key, AllRoundsPrefix);

    public string AllClaimsPrefix => $"{Root}/claims/";

    /// <summary>
    /// One site's claim to run the round of a tool's period, under its own prefix: every site that wants the period
    /// writes its own, and the earliest (lowest create revision) signed claim wins (<c>FederationRegistry.ClaimRoundAsync</c>).
    /// </summary>
    public string Claim(string tool, string period, string site) =>
        AllClaimsPrefix + Id(site, "site name") + "/" + Id(tool, "tool name") + "/" + Id(period, "period");

    public string AllAnswersPrefix => $"{Root}/answers/";

    /// <summary>The (tool, round, site) an answer key names, or null for a key outside the answers' layout.</summary>
    public (string Tool, string Round, string Site)? ParseAnswer(string key) =>
        Parse3(key, AllAnswersPrefix) is (var site, var tool, var round) ? (tool, round, site) : null;

    /// <summary>Under the answering site's prefix: only that site may write it, so no one can take a peer's answer key first.</summary>
    public string Answer(string tool, string round, string site) =>
        AllAnswersPrefix + Id(site, "site name") + "/" + Id(tool, "tool name") + "/" + Id(round, "round id");

    public string AllVerifiedPrefix => $"{Root}/verified/";

    /// <summary>Under the publishing site's prefix; readers take only the result of the site that won the period's claim.</summary>
    public string Verified(string tool, string period, string site) =>
        AllVerifiedPrefix + Id(site, "site name") + "/" + Id(tool, "tool name") + "/" + Id(period, "period");

    /// <summary>The (site, tool, period) a verified result's key names, or null for a key outside that layout.</summary>
    public (string Site, string Tool, string Period)? ParseVerified(string key) => Parse3(key, AllVerifiedPrefix);

    public string NotificationsPrefix => $"{Root}/notifications/";

    /// <summary>
    /// Under the alerting site's prefix, then its <see cref="NotificationId"/>: sortable by the alert's day, the site
    /// keeps two sites' alerts apart and the id (from tool, series, date, rule) makes a re-run write the same key.
    /// </summary>
    public string Notification(DateOnly date, string site, string id) =>
        NotificationsPrefix + Id(site, "site name") + "/" + date.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "-" + site + "-" + Id(id, "notification id");

    /// <summary><c>&lt;yyyyMMdd&gt;-&lt;site&gt;-&lt;id&gt;</c>: the notification's name across the federation (no '/', so a table key too).</summary>
    public static string NotificationId(string key) => key[(key.LastIndexOf('/') + 1)..];

    /// <summary>
    /// Every range one site writes for itself, what its etcd role grants (infra/local/etcd-secure.sh): (start, prefix?)
    /// — the card is one key, since a prefix <c>sites/site-a</c> would also match <c>sites/site-ab</c>.
    /// </summary>
    public IReadOnlyList<(string Key, bool Prefix)> SiteOwned(string site) =>
    [
        (Site(site), false),
        (SiteKeysPrefix + Id(site, "site name") + "/", true),
        (AllDatasetsPrefix + site + "/", true),
        (AllAnswersPrefix + site + "/", true),
        (NotificationsPrefix + site + "/", true),
        (AllClaimsPrefix + site + "/", true),
        (AllRoundsPrefix + site + "/", true),
        (AllVerifiedPrefix + site + "/", true),
    ];

    /// <summary><c>&lt;prefix&gt;&lt;site&gt;/&lt;a&gt;/&lt;b&gt;</c> with three valid names, or null.</summary>
    private static (string Site, string A, string B)? Parse3(string key, string prefix) =>
        key.StartsWith(prefix, StringComparison.Ordinal) && key[prefix.Length..].Split('/') is [var site, var a, var b]
        && Identifier.IsValid(site) && Identifier.IsValid(a) && Identifier.IsValid(b) ? (site, a, b) : null;

    private static string Id(string value, string what) => Identifier.Validate(value, what, "etcd key");
}
