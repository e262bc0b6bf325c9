using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Mao.Tools.Http;

/// <summary>
/// GETs (and HEADs) through a typed client and turns every way a response can be unusable into a
/// <see cref="CrawlRequestException"/> naming the URL: error statuses, redirect loops, HTML error pages
/// where JSON was expected, bodies over the size cap, malformed or truncated JSON.
/// </summary>
public sealed class JsonFetcher(HttpClient client, long maxBodyBytes)
{
    public static readonly JsonSerializerOptions Lenient = CreateLenient();

    private static JsonSerializerOptions CreateLenient()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowReadingFromString,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        };
        options.MakeReadOnly();
        return options;
    }

    public async Task<FetchedJson> GetAsync(Uri url, CancellationToken cancellationToken, RequestHeaders? headers = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        headers?.ApplyTo(request);
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        EnsureJson(url, response);
        var body = await ReadCappedAsync(url, response, cancellationToken).ConfigureAwait(false);
        if (body.Length > 0 && body[0] == (byte)'<')
        {
            throw new CrawlRequestException(CrawlErrorKind.NotJson, url, "expected JSON, got a markup (HTML) page", (int)response.StatusCode);
        }
        return new FetchedJson(url, body, response.Headers);
    }

    public async Task<T> GetAsync<T>(Uri url, CancellationToken cancellationToken, RequestHeaders? headers = null)
    {
        var fetched = await GetAsync(url, cancellationToken, headers).ConfigureAwait(false);
        return Parse<T>(fetched);
    }

    /// <summary>A HEAD request; returns the response headers (content headers included) of a 2xx answer.</summary>
    public async Task<HttpResponseMessage> HeadAsync(Uri url, CancellationToken cancellationToken, RequestHeaders? headers = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, url);
        headers?.ApplyTo(request);
        return await SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    public async Task<T> GetAsync<T>(Uri url, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken, RequestHeaders? headers = null)
    {
        var fetched = await GetAsync(url, cancellationToken, headers).ConfigureAwait(false);
        return Parse(fetched, typeInfo);
    }

    public static T Parse<T>(FetchedJson fetched) => Parse(fetched, (JsonTypeInfo<T>)Lenient.GetTypeInfo(typeof(T)));

    public static T Parse<T>(FetchedJson fetched, JsonTypeInfo<T> typeInfo) => Parse(fetched.Url, fetched.Body, typeInfo);

    /// <summary>Parses a body that came from <paramref name="url"/> (fetched now or kept from an earlier fetch).</summary>
    public static T Parse<T>(Uri url, byte[] body) => Parse(url, body, (JsonTypeInfo<T>)Lenient.GetTypeInfo(typeof(T)));

    public static T Parse<T>(Uri url, byte[] body, JsonTypeInfo<T> typeInfo)
    {
        try
        {
            return JsonSerializer.Deserialize(body, typeInfo)
                   ?? throw new CrawlRequestException(CrawlErrorKind.MalformedJson, url, $"expected a {typeof(T).Name}, got null");
        }
        catch (JsonException e)
        {
            var kind = IsTruncated(body) ? CrawlErrorKind.TruncatedBody : CrawlErrorKind.MalformedJson;
            var problem = kind == CrawlErrorKind.TruncatedBody
                ? $"JSON body ends early after {body.Length} bytes (truncated)"
                : $"malformed JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}: {e.Message}";
            throw new CrawlRequestException(kind, url, problem, inner: e);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var url = request.RequestUri!;
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CrawlRequestException(CrawlErrorKind.Timeout, url, "timed out", inner: e);
        }
        catch (Polly.Timeout.TimeoutRejectedException e)
        {
            throw new CrawlRequestException(CrawlErrorKind.Timeout, url, $"timed out: {e.Message}", inner: e);
        }
        catch (Polly.ExecutionRejectedException e)
        {
            throw new CrawlRequestException(CrawlErrorKind.ServerError, url, $"request rejected by the resilience pipeline (circuit open): {e.Message}", inner: e);
        }
        catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.ResponseEnded)
        {
            throw new CrawlRequestException(CrawlErrorKind.TruncatedBody, url, $"connection ended before the response was complete: {e.Message}", inner: e);
        }
        catch (HttpRequestException e)
        {
            throw new CrawlRequestException(CrawlErrorKind.Network, url, $"{e.HttpRequestError}: {e.Message}", inner: e);
        }
        if (response.IsSuccessStatusCode)
        {
            return response;
        }
        var status = (int)response.StatusCode;
        response.Dispose();
        var (kind, problem) = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => (CrawlErrorKind.Unauthorized, "authentication required or token rejected"),
            HttpStatusCode.Forbidden => (CrawlErrorKind.Forbidden, "access forbidden"),
            HttpStatusCode.NotFound => (CrawlErrorKind.NotFound, "not found"),
            HttpStatusCode.TooManyRequests => (CrawlErrorKind.RateLimited, "rate limit still exceeded after retries"),
            >= HttpStatusCode.MultipleChoices and < HttpStatusCode.BadRequest => (CrawlErrorKind.RedirectLoop, "too many redirects (a redirect loop?)"),
            >= HttpStatusCode.InternalServerError => (CrawlErrorKind.ServerError, "server error persisted after retries"),
            _ => (CrawlErrorKind.UnexpectedStatus, $"unexpected status {response.ReasonPhrase}"),
        };
        throw new CrawlRequestException(kind, response.RequestMessage?.RequestUri ?? url, problem, status);
    }

    private static void EnsureJson(Uri url, HttpResponseMessage response)
    {
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType is not null && (mediaType.Contains("html", StringComparison.OrdinalIgnoreCase) || mediaType.StartsWith("text/xml", StringComparison.OrdinalIgnoreCase)))
        {
            throw new CrawlRequestException(CrawlErrorKind.NotJson, url, $"expected JSON, got '{mediaType}' (an error page?)", (int)response.StatusCode);
        }
    }

    private async Task<byte[]> ReadCappedAsync(Uri url, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await CappedBody.ReadAsync(url, response, maxBodyBytes, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            throw new CrawlRequestException(CrawlErrorKind.TruncatedBody, url, $"connection ended before the body was complete: {e.Message}", (int)response.StatusCode, e);
        }
    }

    /// <summary>True when the bytes are a valid beginning of JSON that simply stops: a cut-off body, not a syntax error.</summary>
    private static bool IsTruncated(byte[] body)
    {
        if (body.Length == 0)
        {
            return true;
        }
        var reader = new Utf8JsonReader(body, isFinalBlock: false, state: default);
        try
        {
            while (reader.Read())
            {
            }
            return reader.CurrentDepth > 0 || reader.TokenType is JsonTokenType.PropertyName or JsonTokenType.None;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
