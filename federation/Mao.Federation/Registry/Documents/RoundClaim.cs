using Mao.Core.Model;

namespace Mao.Federation.Registry.Documents;

/// <summary>Which site runs a round's orchestration: <c>/mao/claims/&lt;tool&gt;/&lt;round&gt;</c>, created once.</summary>
public sealed record RoundClaim(string Tool, string Round, string Site, DateTimeOffset ClaimedAt) : IRegistryDocument
{
    public static string CurrentFormat => "mao.claim/1";

    public string Format { get; init; } = CurrentFormat;

    public void Validate(string where)
    {
        Identifier.Validate(Tool, "tool name", where);
        Identifier.Validate(Round, "round id", where);
        Identifier.Validate(Site, "site name", where);
    }
}
