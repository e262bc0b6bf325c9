namespace Mao.Orchestrations.Api;

/// <summary>Reads a request body up to <see cref="RoundOperations.MaxBodyBytes"/>, without trusting Content-Length.</summary>
public static class RequestBody
{
    /// <returns>The bytes, or null when the body is longer than the limit.</returns>
    public static async Task<byte[]?> ReadLimitedAsync(Stream body, CancellationToken cancellationToken, int limit = RoundOperations.MaxBodyBytes)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>The one content type the API takes.</summary>
    public static bool IsJson(string? contentType) =>
        contentType is not null && contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase);
}
