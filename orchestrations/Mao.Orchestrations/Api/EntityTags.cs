using System.Security.Cryptography;
using System.Text;

namespace Mao.Orchestrations.Api;

/// <summary>Entity tags of replies both hosts serve, and the If-None-Match test that turns a match into 304.</summary>
public static class EntityTags
{
    /// <summary>A snapshot's bytes never change under its content id, so the id is its tag.</summary>
    public static string OfSnapshot(string contentId) => $"\"{contentId}\"";

    /// <summary>
    /// A tag from what a reply is made of: the route and, in order, its parameters and the versions of what it read
    /// (content ids, registry revisions). Equal inputs give equal tags; any change of one gives another.
    /// </summary>
    public static string Of(string route, IEnumerable<string> parts)
    {
        var text = new StringBuilder(route);
        foreach (var part in parts)
        {
            text.Append('\n').Append(part);
        }
        return $"\"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..32]}\"";
    }

    /// <summary>True when <paramref name="ifNoneMatch"/> (a header value, maybe a list or *) names <paramref name="etag"/>.</summary>
    public static bool Matches(string? ifNoneMatch, string etag) =>
        ifNoneMatch is not null && ifNoneMatch.Split(',').Select(t => t.Trim()).Any(t => t == "*" || t == etag || t == "W/" + etag);
}
