using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mao.Core.Serialization;
using Mao.Orchestrations.Api;

namespace Mao.Site.Tests.Support;

/// <summary>A real HTTP client for a site host's API, returning status and parsed JSON.</summary>
public sealed class ApiClient(Uri baseAddress) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync<T>(string path, T body, CancellationToken ct)
    {
        using var response = await _http.PostAsJsonAsync(path, body, MaoJson.Options, ct);
        return (response.StatusCode, await ReadAsync(response, ct));
    }

    public async Task<(HttpStatusCode Status, JsonElement Body)> PostRawAsync(string path, string body, string contentType, CancellationToken ct)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        using var response = await _http.PostAsync(path, content, ct);
        return (response.StatusCode, await ReadAsync(response, ct));
    }

    public async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(string path, CancellationToken ct)
    {
        using var response = await _http.GetAsync(path, ct);
        return (response.StatusCode, await ReadAsync(response, ct));
    }

    /// <summary>Polls the status endpoint until the round finished.</summary>
    public async Task<RoundStatus> WaitFinishedAsync(string roundId, CancellationToken ct)
    {
        while (true)
        {
            var (status, body) = await GetAsync($"api/rounds/{roundId}", ct);
            if (status == HttpStatusCode.OK)
            {
                var round = body.Deserialize<RoundStatus>(MaoJson.Options)!;
                if (round.RuntimeStatus is not ("Running" or "Pending"))
                {
                    return round;
                }
            }
            await Task.Delay(250, ct);
        }
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public void Dispose() => _http.Dispose();
}
