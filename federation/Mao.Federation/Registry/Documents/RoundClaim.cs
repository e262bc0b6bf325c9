using Mao.Core.Model;

namespace Mao.Federation.Registry.Documents;

/// <summary>
/// Which site runs the one round of a tool and period: <c>/mao/claims/&lt;tool&gt;/&lt;period&gt;</c>, created once by
/// compare-and-swap. Two sites announcing the same tool and period at once give one round: the loser joins it as a peer.
/// </summary>
public sealed record RoundClaim(string Tool, string Period, string Round, string Site, DateTimeOffset ClaimedAt) : IRegistryDocument
{
    public static string CurrentFormat => "mao.claim/2";

    public string Format { get; init; } = CurrentFormat;

    public void Validate(string where)
    {
        Identifier.Validate(Tool, "tool name", where);
        Core.Model.Period.Validate(Period, where);
        Identifier.Validate(Round, "round id", where);
        Identifier.Validate(Site, "site name", where);
    }
}
