using Mao.Core.Model;
using Mao.Federation.Configuration;
using Mao.Federation.Identity;
using Mao.Federation.Registry;
using Mao.Federation.Registry.Documents;

namespace Mao.Federation.Rounds;

/// <summary>One (tool, period) as this site sees it: its decision and the verified result standing in the registry.</summary>
/// <param name="Decision">This site's decision, or null when it has not decided (yet).</param>
/// <param name="Verified">The signed result at /mao/verified/&lt;site&gt;/&lt;tool&gt;/&lt;period&gt; of the claim's winner, or null when none stands or it was rejected.</param>
/// <param name="Problem">Why the registry's value is not shown (rejected signature), else null.</param>
public sealed record VerifiedView(string Tool, string Period, SiteDecision? Decision, VerifiedResult? Verified, string? Problem);

/// <summary>
/// The read model behind the hosts' GET /api/verified, GET /api/verified/{tool}/{period} and <c>mao site decisions</c>:
/// plain records, ready for JSON. Bad tool or period names throw a MaoFormatException naming the value.
/// </summary>
public sealed class SiteView(FederationRegistry registry, FederationSettings settings, SiteDecisions? decisions = null)
{
    private readonly SiteDecisions _decisions = decisions ?? new SiteDecisions(settings);

    /// <summary>This site's decisions (of one tool or all, in a range of periods), newest period first, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<SiteDecision>> DecisionsAsync(string? tool, CancellationToken cancellationToken, string? from = null, string? to = null, int limit = int.MaxValue) =>
        (await _decisions.ListAsync(tool, cancellationToken, from, to))
            .OrderByDescending(d => d.Period, StringComparer.Ordinal).ThenBy(d => d.Tool, StringComparer.Ordinal)
            .Take(limit).ToArray();

    /// <summary>Null when the site neither decided about nor can read a verified result for (tool, period).</summary>
    public async Task<VerifiedView?> VerifiedAsync(string tool, string period, CancellationToken cancellationToken)
    {
        Identifier.Validate(tool, "tool name", "verified view");
        Period.Validate(period, "verified view");
        var decision = await _decisions.GetAsync(tool, period, cancellationToken);
        try
        {
            var verified = await registry.ReadVerifiedAsync(tool, period, cancellationToken);
            return decision is null && verified is null ? null : new VerifiedView(tool, period, decision, verified?.Message, null);
        }
        catch (MessageRejectedException e)
        {
            return new VerifiedView(tool, period, decision, null, e.Reason);
        }
    }
}
