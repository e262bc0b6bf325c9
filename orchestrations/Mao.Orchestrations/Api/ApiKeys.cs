using System.Security.Cryptography;
using System.Text;

namespace Mao.Orchestrations.Api;

/// <summary>The operator key check for state-changing routes: "Authorization: Bearer &lt;key&gt;" or X-Mao-Api-Key, compared in constant time.</summary>
public static class ApiKeys
{
    public const string Header = "X-Mao-Api-Key";

    public static bool Matches(string expected, string? authorization, string? keyHeader)
    {
        var presented = authorization is { } auth && auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? auth["Bearer ".Length..].Trim()
            : keyHeader?.Trim();
        return presented is not null
            && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
    }

    public static ApiReply Refusal() => ApiReply.Error(401, $"this route changes state: send the site's operator key as 'Authorization: Bearer <key>' or {Header}");
}
