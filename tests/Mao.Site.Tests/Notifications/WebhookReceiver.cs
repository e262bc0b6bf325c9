using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Mao.Site.Tests.Notifications;

/// <summary>
/// A real HTTP receiver for webhooks: a Kestrel app on a free port that answers 503 while <see cref="Down"/>, 200
/// after, and records every request (Idempotency-Key, status answered, body).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookReceiver(WebApplication app) => _app = app;

    public volatile bool Down = true;

    public ConcurrentQueue<(string Key, int Status, string Body)> Requests { get; } = new();

    public string Url => _app.Urls.Single().TrimEnd('/') + "/hook";

    /// <summary>Starts on <paramref name="port"/> (0: any free one), answering 503 while <paramref name="down"/>.</summary>
    public static async Task<WebhookReceiver> StartAsync(CancellationToken ct, int port = 0, bool down = true)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var receiver = new WebhookReceiver(app) { Down = down };
        app.MapPost("/hook", async (HttpContext http) =>
        {
            var body = await new StreamReader(http.Request.Body).ReadToEndAsync(http.RequestAborted);
            var status = receiver.Down ? 503 : 200;
            receiver.Requests.Enqueue((http.Request.Headers["Idempotency-Key"].ToString(), status, body));
            return Results.StatusCode(status);
        });
        await app.StartAsync(ct);
        return receiver;
    }

    /// <summary>A port nothing listens on now (the listener that found it is closed again): a receiver that is not running.</summary>
    public static int UnusedPort()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }

    public int Count(string key, int status) => Requests.Count(r => r.Key == key && r.Status == status);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
