using Mao.Federation.Registry.Documents;

namespace Mao.Federation.Rounds;

/// <summary>
/// Which of a pointer's locations lie inside the peer's registered store. A pointer is the peer's word; only what the
/// peer registered (its card's endpoint, its dataset's git remote) says where its store is, so a pointer cannot make
/// this site fetch from another host, port, path or a local file.
/// </summary>
internal static class PeerLocations
{
    /// <summary>The URL to GET when the location is exactly <c>{card endpoint}/api/snapshots/{contentId}</c>, else null.</summary>
    public static Uri? Http(SiteCard card, string contentId, SnapshotLocation location)
    {
        if (!Uri.TryCreate(location.Address, UriKind.Absolute, out var given)
            || !Uri.TryCreate(card.Endpoint.TrimEnd('/') + "/", UriKind.Absolute, out var endpoint))
        {
            return null;
        }
        var expected = new Uri(endpoint, $"api/snapshots/{contentId}");
        var same = given.Scheme == expected.Scheme
            && string.Equals(given.Host, expected.Host, StringComparison.OrdinalIgnoreCase)
            && given.Port == expected.Port
            && given.UserInfo.Length == 0 && given.Query.Length == 0 && given.Fragment.Length == 0
            && given.AbsolutePath == expected.AbsolutePath;
        // The address we fetch is built from the card, not taken from the pointer.
        return same ? expected : null;
    }

    /// <summary>
    /// The remote to fetch when the location names the peer's registered git remote of the tool, else null. Only network
    /// remotes count: a registered folder is a path of this site's own disk, which a peer must never make it read (a
    /// FIFO there blocked libgit2 for good, and with it every later git fetch of the tool).
    /// </summary>
    public static string? Git(SiteCard card, DatasetLocation? dataset, string tool, SnapshotLocation location)
    {
        if (!IsNetworkRemote(location.Address))
        {
            return null;
        }
        var registered = new List<string>();
        if (dataset is not null && dataset.Site == card.Site && dataset.Tool == tool)
        {
            registered.Add(dataset.GitRemote);
        }
        if (card.GitRemote is { Length: > 0 } root)
        {
            registered.Add($"{root.TrimEnd('/')}/{tool}.git"); // the layout sites push to: {GitRemote}/{tool}.git
        }
        return registered.FirstOrDefault(r => string.Equals(r, location.Address, StringComparison.Ordinal));
    }

    public static string Outside(string site, SnapshotLocation location) =>
        $"pointer names a location outside {site}'s registered store: {location.Kind} {Shorten(location.Address)}"
        + (location.Kind == LocationKind.Git && !IsNetworkRemote(location.Address) ? " (a peer's git remote is fetched only over http, https, ssh or git, never as a local path)" : "");

    private static readonly string[] NetworkSchemes = ["http", "https", "ssh", "git"];

    private static bool IsNetworkRemote(string address) =>
        Uri.TryCreate(address, UriKind.Absolute, out var uri) && NetworkSchemes.Contains(uri.Scheme, StringComparer.Ordinal) && uri.Host.Length > 0;

    public static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
