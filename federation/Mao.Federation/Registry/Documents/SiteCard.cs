using Mao.Core.Model;
using Mao.Federation.Identity;

namespace Mao.Federation.Registry.Documents;

/// <summary>
/// Who a site is and how to reach it, kept at <c>/mao/sites/&lt;site&gt;</c> under the site's lease.
/// A key rotation is a new card with a higher <see cref="CardVersion"/> and the new public key.
/// </summary>
public sealed record SiteCard(
    string Site,
    string DisplayName,
    string Endpoint,
    SitePublicKey PublicKey,
    IReadOnlyList<string> Tools,
    long CardVersion,
    string? GitRemote = null) : IRegistryDocument
{
    public static string CurrentFormat => "mao.site/1";

    public string Format { get; init; } = CurrentFormat;

    public void Validate(string where)
    {
        Identifier.Validate(Site, "site name", where);
        Check.NotBlank(DisplayName, "displayName", where);
        Check.HttpUrl(Endpoint, "endpoint", where);
        Check.NotBlank(PublicKey.KeyId, "publicKey.keyId", where);
        Check.NotBlank(PublicKey.SubjectPublicKeyInfo, "publicKey.subjectPublicKeyInfo", where);
        Check.Positive(CardVersion, "cardVersion", where);
        foreach (var tool in Tools)
        {
            Identifier.Validate(tool, "tool name", where);
        }
    }
}
