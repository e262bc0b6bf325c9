using System.Net;
using Microsoft.Extensions.Options;

namespace Mao.Tools.Http;

/// <summary>
/// Reads every successful response body to the end inside the resilience pipeline, so the per-attempt and total
/// timeouts cover the body as well as the headers (a body that stalls after its headers times out and is retried),
/// and a connection cut mid-body surfaces as a network error the pipeline retries. Bodies over
/// <see cref="CrawlHttpOptions.MaxBodyBytes"/> are refused without retry.
/// </summary>
public sealed class BodyBufferingHandler(IOptions<CrawlHttpOptions> options) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (request.Method == HttpMethod.Head || !response.IsSuccessStatusCode)
        {
            return response;
        }
        try
        {
            var body = await ReadCappedAsync(request.RequestUri!, response, options.Value.MaxBodyBytes, cancellationToken).ConfigureAwait(false);
            var buffered = new ByteArrayContent(body);
            foreach (var header in response.Content.Headers)
            {
                buffered.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
            buffered.Headers.ContentLength = body.Length;
            response.Content.Dispose();
            response.Content = buffered;
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private static async Task<byte[]> ReadCappedAsync(Uri url, HttpResponseMessage response, long maxBodyBytes, CancellationToken cancellationToken)
    {
        try
        {
            return await CappedBody.ReadAsync(url, response, maxBodyBytes, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e) when (!cancellationToken.IsCancellationRequested)
        {
            // An HttpRequestException is what the resilience pipeline treats as a transient network error and retries.
            throw new HttpRequestException(HttpRequestError.ResponseEnded,
                $"connection ended after the headers, before the body was complete ({e.Message})", e, HttpStatusCode.OK);
        }
    }
}
