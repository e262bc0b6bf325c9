using Mao.Core.Model;
using Mao.Federation.Identity;

namespace Mao.Federation.Registry.Documents;

/// <summary>
/// A site's claim to run the one round of a tool and period: <c>/mao/claims/&lt;site&gt;/&lt;tool&gt;/&lt;period&gt;</c>,
/// signed, created once under the claiming site's own prefix. Of all sites' claims for (tool, period) the one with the
/// lowest etcd create revision wins, counted only when signed with a key the site had published before it claimed
/// (<c>FederationRegistry.ClaimRoundAsync</c>). Two sites claiming at once give one round: the loser joins it as a peer.
/// </summary>
public sealed record RoundClaim(string Tool, string Period, string Round, string Site, DateTimeOffset ClaimedAt) : ISignedMessage, IRegistryDocument
{
    public static string CurrentFormat => "mao.claim/3";

    public string Format { get; init; } = CurrentFormat;

    /// <summary>Always 1: a claim is never replaced (a signed message needs a revision for the replay guard).</summary>
    public long Revision { get; init; } = 1;

    public void Validate(string where)
    {
        Identifier.Validate(Tool, "tool name", where);
        Core.Model.Period.Validate(Period, where);
        Identifier.Validate(Round, "round id", where);
        Identifier.Validate(Site, "site name", where);
        if (Revision != 1)
        {
            throw new Core.MaoFormatException(where, $"a claim has revision 1, not {Revision}");
        }
    }
}
