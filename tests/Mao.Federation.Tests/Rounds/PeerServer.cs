using System.Net;
using Mao.Federation.Rounds;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mao.Federation.Tests.Rounds;

/// <summary>
/// A site's API as peers see it: Kestrel on a free loopback port serving GET /api/snapshots/{id} from
/// <see cref="SnapshotDownloads"/>, as the hosts map it. <see cref="Override"/> lets a test play a misbehaving peer.
/// </summary>
internal sealed class PeerServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private PeerServer(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>When set, answers every request instead of the downloads.</summary>
    public Func<HttpContext, Task>? Override { get; set; }

    public static async Task<PeerServer> StartAsync(Func<SnapshotDownloads> downloads, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        PeerServer? server = null;
        app.Run(context => server!.HandleAsync(context, downloads()));
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new PeerServer(app, new Uri(address.TrimEnd('/') + "/"));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context, SnapshotDownloads downloads)
    {
        Interlocked.Increment(ref _requests);
        if (Override is { } handler)
        {
            await handler(context);
            return;
        }
        const string prefix = "/api/snapshots/";
        var path = context.Request.Path.Value ?? "";
        if (context.Request.Method != "GET" || !path.StartsWith(prefix, StringComparison.Ordinal))
        {
            context.Response.StatusCode = 404;
            return;
        }
        var download = await downloads.OpenAsync(path[prefix.Length..], context.RequestAborted);
        context.Response.StatusCode = download.Status;
        context.Response.ContentType = download.ContentType;
        if (download.Content is { } content)
        {
            await using (content)
            {
                context.Response.ContentLength = download.Length;
                await content.CopyToAsync(context.Response.Body, context.RequestAborted);
            }
        }
        else
        {
            await context.Response.WriteAsync(download.Problem ?? "", context.RequestAborted);
        }
    }
}
