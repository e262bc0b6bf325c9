using System.Globalization;
using Mao.Core.Model;

namespace Mao.Federation.Registry;

/// <summary>
/// The etcd key spaces. Every name is checked with <see cref="Identifier"/> before it becomes part of a key,
/// so no tool or site name can reach outside its own key space.
/// </summary>
public sealed class KeyLayout(string root = "/mao")
{
    public string Root { get; } = root.TrimEnd('/');

    public string SitesPrefix => $"{Root}/sites/";
    public string Site(string site) => SitesPrefix + Id(site, "site name");

    /// <summary>Every public key a site ever published, never under a lease: old messages stay verifiable.</summary>
    public string SiteKey(string site, string keyId) => $"{Root}/keys/{Id(site, "site name")}/{Id(keyId, "key id")}";

    public string ToolsPrefix => $"{Root}/tools/";
    public string Tool(string tool) => ToolsPrefix + Id(tool, "tool name");

    public string DatasetsPrefix(string tool) => $"{Root}/datasets/{Id(tool, "tool name")}/";
    public string Dataset(string tool, string site) => DatasetsPrefix(tool) + Id(site, "site name");

    public string AllRoundsPrefix => $"{Root}/rounds/";
    public string RoundsPrefix(string tool) => AllRoundsPrefix + Id(tool, "tool name") + "/";
    public string Round(string tool, string round) => RoundsPrefix(tool) + Id(round, "round id");

    /// <summary>Which round (and site) verifies a tool's period: claimed once by compare-and-swap.</summary>
    public string Claim(string tool, string period) => $"{Root}/claims/{Id(tool, "tool name")}/{Id(period, "period")}";

    public string AllAnswersPrefix => $"{Root}/answers/";

    /// <summary>The (tool, round, site) an answer key names, or null for a key outside the answers' layout.</summary>
    public (string Tool, string Round, string Site)? ParseAnswer(string key)
    {
        if (!key.StartsWith(AllAnswersPrefix, StringComparison.Ordinal))
        {
            return null;
        }
        var parts = key[AllAnswersPrefix.Length..].Split('/');
        return parts.Length == 3 && parts.All(Identifier.IsValid) ? (parts[0], parts[1], parts[2]) : null;
    }

    public string AnswersPrefix(string tool, string round) => $"{Root}/answers/{Id(tool, "tool name")}/{Id(round, "round id")}/";
    public string Answer(string tool, string round, string site) => AnswersPrefix(tool, round) + Id(site, "site name");

    public string AllVerifiedPrefix => $"{Root}/verified/";
    public string VerifiedPrefix(string tool) => AllVerifiedPrefix + Id(tool, "tool name") + "/";
    public string Verified(string tool, string period) => VerifiedPrefix(tool) + Id(period, "period");

    public string NotificationsPrefix => $"{Root}/notifications/";

    /// <summary>
    /// Sortable by the alert's day; the site keeps two sites' alerts apart and the id (from tool, series, date, rule)
    /// makes a re-run write the same key instead of a duplicate.
    /// </summary>
    public string Notification(DateOnly date, string site, string id) =>
        NotificationsPrefix + date.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "-" + Id(site, "site name") + "-" + Id(id, "notification id");

    private static string Id(string value, string what) => Identifier.Validate(value, what, "etcd key");
}
