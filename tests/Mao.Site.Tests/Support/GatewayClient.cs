using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Mao.Core.Model;
using Mao.Core.Serialization;
using Mao.Tools.Gateway;

namespace Mao.Site.Tests.Support;

/// <summary>An external tool as the gateway sees it: registered in a site's data folder, submitting over real HTTP.</summary>
public sealed class GatewayClient(Uri baseAddress, TimeSpan? timeout = null) : IDisposable
{
    public static readonly ToolManifest Manifest = new(TestSnapshots.Tool, "1.0", "0 0 * * * *", TestSnapshots.Schema);

    private readonly HttpClient _http = new() { BaseAddress = baseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(30) };

    /// <summary>Registers the bench tool in the site's data folder and returns its key.</summary>
    public static string Register(string dataDirectory) => new FileToolRegistry(dataDirectory).Register(Manifest);

    public Task<(HttpStatusCode Status, JsonElement Body)> SubmitAsync(string tool, string? key, Snapshot snapshot, CancellationToken ct, string query = "") =>
        SubmitAsync(tool, key, SnapshotJsonLines.ToBytes(snapshot), ct, query);

    public async Task<(HttpStatusCode Status, JsonElement Body)> SubmitAsync(
        string tool, string? key, byte[] body, CancellationToken ct, string query = "", string contentType = "application/x-ndjson", bool keyHeader = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/tools/{tool}/snapshots{query}") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (key is not null && keyHeader)
        {
            request.Headers.Add("X-Mao-Tool-Key", key);
        }
        else if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        using var response = await _http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    public void Dispose() => _http.Dispose();
}
