namespace Mao.Tools.Http;

/// <summary>
/// Reads a response body whole, refusing more than a cap: what the body-buffering handler does for successful
/// responses and the fetcher for the rest. Network errors propagate; each caller maps them as its place needs.
/// </summary>
internal static class CappedBody
{
    public static async Task<byte[]> ReadAsync(Uri url, HttpResponseMessage response, long maxBodyBytes, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (response.Content.Headers.ContentLength is { } declared && declared > maxBodyBytes)
        {
            throw new CrawlRequestException(CrawlErrorKind.TooLarge, url, $"body of {declared} bytes exceeds the cap of {maxBodyBytes} bytes", status);
        }
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBodyBytes)
            {
                throw new CrawlRequestException(CrawlErrorKind.TooLarge, url, $"body exceeds the cap of {maxBodyBytes} bytes", status);
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
