using System.Net.Http.Headers;

namespace Mao.Tools.Http;

/// <summary>Accept types and an optional bearer token for one request.</summary>
public sealed record RequestHeaders(IReadOnlyList<string>? Accept = null, string? BearerToken = null)
{
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
    }
}
