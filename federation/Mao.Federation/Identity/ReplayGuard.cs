using System.Collections.Concurrent;

namespace Mao.Federation.Identity;

/// <summary>
/// Remembers the newest revision seen per (kind, tool, round, site): an older revision is a replay, the same revision
/// with different content is an equivocation; the same message again is a harmless duplicate.
/// </summary>
public sealed class ReplayGuard
{
    private readonly ConcurrentDictionary<(string Kind, string Tool, string Round, string Site), (long Revision, string Payload)> _seen = new();

    /// <summary>Returns true for a new or newer message, false for an exact duplicate; throws for a replay.</summary>
    public bool Admit(string kind, string tool, string round, string site, long revision, string payload, string where)
    {
        var key = (kind, tool, round, site);
        while (true)
        {
            if (!_seen.TryGetValue(key, out var last))
            {
                if (_seen.TryAdd(key, (revision, payload)))
                {
                    return true;
                }
                continue;
            }
            if (revision < last.Revision)
            {
                throw new MessageRejectedException(where,
                    $"replayed {kind} of {tool} round {round} by {site}: revision {revision} is older than revision {last.Revision} already seen");
            }
            if (revision == last.Revision)
            {
                return payload == last.Payload
                    ? false
                    : throw new MessageRejectedException(where,
                        $"two different {kind} messages of {tool} round {round} by {site} carry the same revision {revision}");
            }
            if (_seen.TryUpdate(key, (revision, payload), last))
            {
                return true;
            }
        }
    }
}
