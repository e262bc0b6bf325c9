using Mao.Orchestrations.Api;
using Microsoft.AspNetCore.Http;

namespace Mao.Site.Api;

/// <summary>Reads a request body up to the API's limit; Kestrel's own limit (the same size) may trip first.</summary>
public static class HttpBody
{
    /// <returns>The bytes, or null when the body is too large.</returns>
    public static async Task<byte[]?> ReadLimitedAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await RequestBody.ReadLimitedAsync(request.Body, cancellationToken);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
    }
}
