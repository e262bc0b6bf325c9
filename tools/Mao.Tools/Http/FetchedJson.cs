using System.Net.Http.Headers;

namespace Mao.Tools.Http;

/// <summary>A checked JSON response body: status 2xx, JSON content, within the size cap.</summary>
public sealed record FetchedJson(Uri Url, byte[] Body, HttpResponseHeaders Headers);
