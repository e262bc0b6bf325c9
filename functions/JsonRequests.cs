using Mao.Federation.Configuration;
using Mao.Federation.Rounds;
using Mao.Orchestrations.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Mao.Functions;

/// <summary>The JSON body checks every state-changing trigger makes, as the site host's API does: 415, 413, then the operation.</summary>
internal static class JsonRequests
{
    /// <summary>A route only the operator calls: the operator key (MAO_API_KEY; the host checked the function key), then the body.</summary>
    public static async Task<IActionResult> FromOperatorAsync(HttpRequest request, FederationSettings settings, Func<ReadOnlyMemory<byte>, Task<ApiReply>> handle, CancellationToken ct) =>
        ApiKeys.Matches(SiteIdentity.ApiKey(settings), request.Headers.Authorization, request.Headers[ApiKeys.Header])
            ? await WithBodyAsync(request, handle, ct)
            : ApiKeys.Refusal().ToActionResult();

    public static async Task<IActionResult> WithBodyAsync(HttpRequest request, Func<ReadOnlyMemory<byte>, Task<ApiReply>> handle, CancellationToken ct)
    {
        if (!RequestBody.IsJson(request.ContentType))
        {
            return ApiReply.Error(415, $"send the body as application/json (got '{request.ContentType ?? "no content type"}')").ToActionResult();
        }
        var body = await RequestBody.ReadLimitedAsync(request.Body, ct);
        return body is null
            ? ApiReply.Error(413, $"body is larger than {RoundOperations.MaxBodyBytes} bytes").ToActionResult()
            : (await handle(body)).ToActionResult();
    }
}
