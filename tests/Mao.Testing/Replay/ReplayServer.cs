using System.Collections.Concurrent;
using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mao.Testing.Replay;

/// <summary>
/// A real HTTP server (Kestrel on 127.0.0.1, a free port) that answers with recorded responses, so crawlers are tested
/// over real sockets against what the remote services really sent. Routes match method and path; the handler sees
/// the query and headers. Every request is logged for assertions (how many HEADs, GETs, which pages).
/// </summary>
public sealed class ReplayServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<Route> _routes = [];
    private readonly ConcurrentQueue<ReplayRequest> _log = new();
    private int _inFlight;
    private int _maxInFlight;
    private TaskCompletionSource _open = Opened();
    private (Func<ReplayRequest, bool> Which, TimeSpan Delay)[] _slow = [];
    private (Func<ReplayRequest, bool> Which, StrongBox<int> Left, ReplayResponse Response)[] _outages = [];

    private ReplayServer(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    /// <summary>http://127.0.0.1:port/ (with the trailing slash).</summary>
    public Uri BaseUrl { get; }

    public IReadOnlyList<ReplayRequest> Requests => [.. _log];

    /// <summary>The most requests that were being answered at the same time.</summary>
    public int MaxConcurrentRequests => Volatile.Read(ref _maxInFlight);

    public static async Task<ReplayServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        ReplayServer? server = null;
        app.Run(context => server!.DispatchAsync(context));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new ReplayServer(app, new Uri(address.TrimEnd('/') + "/"));
        return server;
    }

    /// <summary>Answers requests with this method and exact path; a later route for the same path wins.</summary>
    public void Map(string method, string path, Func<ReplayRequest, ReplayResponse> handler) =>
        Map(method, p => p == path, handler);

    public void Map(string method, Func<string, bool> pathMatches, Func<ReplayRequest, ReplayResponse> handler)
    {
        lock (_routes)
        {
            _routes.Add(new Route(method.ToUpperInvariant(), pathMatches, handler));
        }
    }

    public Uri Url(string relative) => new(BaseUrl, relative.TrimStart('/'));

    public int Count(string method, Func<string, bool> pathMatches) =>
        _log.Count(r => r.Method == method && pathMatches(r.Path));

    public void ClearLog() => _log.Clear();

    /// <summary>Requests are logged but not answered until <see cref="Release"/> (e.g. until every client under test is up).</summary>
    public void Hold()
    {
        if (_open.Task.IsCompleted)
        {
            _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void Release() => _open.TrySetResult();

    /// <summary>Answers matching requests <paramref name="delay"/> later than their route says (on top of its own delay).</summary>
    public void Slow(Func<ReplayRequest, bool> which, TimeSpan delay)
    {
        lock (_routes)
        {
            _slow = [.. _slow, (which, delay)];
        }
    }

    /// <summary>
    /// Answers the first <paramref name="times"/> matching requests with <paramref name="response"/> instead of their route
    /// (an outage that ends), the rest as their route says; matched on the whole request, query included.
    /// </summary>
    public void FailFirst(Func<ReplayRequest, bool> which, int times, ReplayResponse response)
    {
        lock (_routes)
        {
            _outages = [.. _outages, (which, new StrongBox<int>(times), response)];
        }
    }

    public async ValueTask DisposeAsync()
    {
        Release(); // held requests would keep the server's stop waiting
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task DispatchAsync(HttpContext context)
    {
        var request = new ReplayRequest(
            context.Request.Method.ToUpperInvariant(),
            context.Request.Path.Value ?? "/",
            context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal),
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase));
        _log.Enqueue(request);
        await _open.Task.WaitAsync(context.RequestAborted).ConfigureAwait(false);
        Route? route;
        lock (_routes)
        {
            route = _routes.LastOrDefault(r => (r.Method == request.Method || (r.Method == "GET" && request.Method == "HEAD" && !_routes.Any(h => h.Method == "HEAD" && h.PathMatches(request.Path)))) && r.PathMatches(request.Path));
        }
        var outage = Volatile.Read(ref _outages).FirstOrDefault(o => o.Which(request) && Interlocked.Decrement(ref o.Left.Value) >= 0);
        var response = outage.Response ?? route?.Handler(request) ?? ReplayResponse.Json($"{{\"message\":\"no replay route for {request.Method} {request.Path}\"}}", 404);
        var slower = Volatile.Read(ref _slow).Where(s => s.Which(request)).Sum(s => s.Delay.Ticks);
        if (slower > 0)
        {
            response = response with { Delay = response.Delay + TimeSpan.FromTicks(slower) };
        }
        var now = Interlocked.Increment(ref _inFlight);
        for (var max = Volatile.Read(ref _maxInFlight); now > max; max = Volatile.Read(ref _maxInFlight))
        {
            Interlocked.CompareExchange(ref _maxInFlight, now, max);
        }
        try
        {
            await WriteAsync(context, request, response).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private static async Task WriteAsync(HttpContext context, ReplayRequest request, ReplayResponse response)
    {
        if (response.Delay > TimeSpan.Zero)
        {
            await Task.Delay(response.Delay, context.RequestAborted).ConfigureAwait(false);
        }
        context.Response.StatusCode = response.Status;
        foreach (var (name, value) in response.Headers)
        {
            context.Response.Headers[name] = value;
        }
        if (response.ContentType is not null)
        {
            context.Response.ContentType = response.ContentType;
        }
        context.Response.ContentLength = response.Body.Length;
        if (request.Method == "HEAD")
        {
            return;
        }
        if (response.CutConnectionAfterBytes is { } cut)
        {
            await context.Response.Body.WriteAsync(response.Body.AsMemory(0, Math.Min(cut, response.Body.Length))).ConfigureAwait(false);
            await context.Response.Body.FlushAsync().ConfigureAwait(false);
            // Let the client receive the headers and the first bytes before the reset, as when a transfer breaks off.
            await Task.Delay(200).ConfigureAwait(false);
            context.Abort();
            return;
        }
        if (response.StallAfterBytes is { } stall)
        {
            await context.Response.Body.WriteAsync(response.Body.AsMemory(0, Math.Min(stall, response.Body.Length))).ConfigureAwait(false);
            await context.Response.Body.FlushAsync().ConfigureAwait(false);
            try
            {
                // Headers and the first bytes are out; the rest never comes, until the client hangs up (or the server stops).
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
            return;
        }
        await context.Response.Body.WriteAsync(response.Body).ConfigureAwait(false);
    }

    private static TaskCompletionSource Opened()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }

    private sealed record Route(string Method, Func<string, bool> PathMatches, Func<ReplayRequest, ReplayResponse> Handler);
}
