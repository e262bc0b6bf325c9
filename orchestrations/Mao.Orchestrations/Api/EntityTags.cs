namespace Mao.Orchestrations.Api;

/// <summary>Entity tags of replies both hosts serve, and the If-None-Match test that turns a match into 304.</summary>
public static class EntityTags
{
    /// <summary>A snapshot's bytes never change under its content id, so the id is its tag.</summary>
    public static string OfSnapshot(string contentId) => $"\"{contentId}\"";

    /// <summary>True when <paramref name="ifNoneMatch"/> (a header value, maybe a list or *) names <paramref name="etag"/>.</summary>
    public static bool Matches(string? ifNoneMatch, string etag) =>
        ifNoneMatch is not null && ifNoneMatch.Split(',').Select(t => t.Trim()).Any(t => t == "*" || t == etag || t == "W/" + etag);
}
