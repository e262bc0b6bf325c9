using Mao.Core.Model;
using Mao.Core.Serialization;
using Mao.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Mao.Faults.Tests;

/// <summary>A peer's API that serves its snapshot's true bytes, but only after a delay: a fetch a test can kill in flight.</summary>
internal sealed class SlowPeerServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private SlowPeerServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>Snapshot requests received so far, answered or not.</summary>
    public int Requests => Volatile.Read(ref _requests);

    public static async Task<SlowPeerServer> StartAsync(Snapshot snapshot, TimeSpan delay, CancellationToken ct)
    {
        var port = FreePorts.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new SlowPeerServer(app, new Uri($"http://127.0.0.1:{port}/"));
        var bytes = SnapshotJsonLines.ToBytes(snapshot);
        app.MapGet("/api/snapshots/{id}", async (string id, CancellationToken requestAborted) =>
        {
            Interlocked.Increment(ref server._requests);
            await Task.Delay(delay, requestAborted);
            return id == snapshot.ContentId ? Results.Bytes(bytes, "application/x-ndjson") : Results.NotFound();
        });
        await app.StartAsync(ct);
        return server;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
