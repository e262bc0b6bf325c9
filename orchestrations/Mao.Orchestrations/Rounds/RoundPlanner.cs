using Mao.Core;
using Mao.Core.Model;
using Mao.Federation.Configuration;
using Mao.Federation.Registry;
using Mao.Federation.Registry.Documents;
using Mao.Federation.Rounds;

namespace Mao.Orchestrations.Rounds;

/// <summary>
/// Turns "verify this snapshot of mine" into an announcement: the round id (by default the period, one round per
/// tool and day), the peers asked (MAO_PEERS, else every live site but this one) and the deadline (bounded).
/// </summary>
public sealed class RoundPlanner(FederationSettings settings, FederationRegistry registry, TimeProvider clock)
{
    public async Task<RoundAnnouncement> PlanAsync(SnapshotPointer own, string? roundId, TimeSpan? window, IReadOnlyList<string>? peers, CancellationToken cancellationToken)
    {
        const string where = "round start";
        if (own.Site != settings.SiteId)
        {
            throw new MaoFormatException(where, $"snapshot {own.ContentId} was observed by '{own.Site}', not by this site '{settings.SiteId}'");
        }
        var answerWindow = window ?? settings.AnswerWindow;
        if (answerWindow < TimeSpan.Zero || answerWindow > FederationSettings.MaxAnswerWindow)
        {
            throw new MaoFormatException(where, $"answer window {answerWindow.TotalSeconds} s is outside 0..{FederationSettings.MaxAnswerWindow.TotalSeconds} s");
        }
        // Peers named by the caller or the settings are taken as given (Validate names a bad one); live sites exclude this one.
        var expected = peers ?? (settings.Peers.Count > 0
            ? settings.Peers
            : (await registry.LiveSitesAsync(cancellationToken)).Select(c => c.Site).Where(s => s != settings.SiteId).Distinct().Order(StringComparer.Ordinal).ToArray());
        var announcement = new RoundAnnouncement(own.Tool, roundId ?? own.Period, own.Period, settings.SiteId, 1, own,
            expected.ToArray(), clock.GetUtcNow() + answerWindow);
        announcement.Validate(where);
        return announcement;
    }
}
