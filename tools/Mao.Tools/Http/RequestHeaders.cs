using System.Net.Http.Headers;

namespace Mao.Tools.Http;

/// <summary>
/// Accept types, an optional bearer token (or base64 basic credentials) and whether the request counts against the host's quota (the registry
/// counts manifest GETs as pulls; HEADs and blob GETs are free) for one request.
/// </summary>
public sealed record RequestHeaders(IReadOnlyList<string>? Accept = null, string? BearerToken = null, bool CountsAgainstQuota = true, string? BasicCredentials = null)
{
    /// <summary>Carries <see cref="CountsAgainstQuota"/> to the rate-limit gate; a HEAD never counts.</summary>
    public static readonly HttpRequestOptionsKey<bool> Counted = new("mao.counts-against-quota");

    public void ApplyTo(HttpRequestMessage request)
    {
        foreach (var type in Accept ?? [])
        {
            request.Headers.Accept.ParseAdd(type);
        }
        if (BearerToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", BearerToken);
        }
        else if (BasicCredentials is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", BasicCredentials);
        }
        request.Options.Set(Counted, CountsAgainstQuota);
    }

    /// <summary>Credentials stay out of logs and messages: the record's generated ToString would print them.</summary>
    public override string ToString() =>
        $"RequestHeaders {{ Accept = [{string.Join(", ", Accept ?? [])}], Authorization = {(BearerToken is not null ? "Bearer ***" : BasicCredentials is not null ? "Basic ***" : "none")}, CountsAgainstQuota = {CountsAgainstQuota} }}";

    /// <summary>Whether a request goes against the quota: HEADs never do, others unless marked free.</summary>
    public static bool IsCounted(HttpRequestMessage request) =>
        request.Method != HttpMethod.Head && (!request.Options.TryGetValue(Counted, out var counted) || counted);
}
