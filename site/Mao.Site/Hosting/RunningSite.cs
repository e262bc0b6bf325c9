using DurableTask.AzureStorage;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Mao.Site.Hosting;

/// <summary>A started site host: its addresses, its Durable Task client and services; dispose to stop it in order.</summary>
public sealed class RunningSite : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly WebApplication _sidecar;
    private readonly AzureStorageOrchestrationService _service;
    private readonly GrpcChannel _channel;
    private readonly IDisposable _storageLogging;
    private int _stopped;

    internal RunningSite(SiteOptions options, WebApplication app, WebApplication sidecar, AzureStorageOrchestrationService service,
        GrpcChannel channel, IDisposable storageLogging, Uri apiAddress, string sidecarSocket)
    {
        Options = options;
        _app = app;
        _sidecar = sidecar;
        _service = service;
        _channel = channel;
        _storageLogging = storageLogging;
        ApiAddress = apiAddress;
        SidecarSocket = sidecarSocket;
    }

    public SiteOptions Options { get; }
    public Uri ApiAddress { get; }
    /// <summary>The Unix domain socket the Durable Task sidecar listens on (owner-only; no TCP port).</summary>
    public string SidecarSocket { get; }
    public IServiceProvider Services => _app.Services;
    public DurableTaskClient Client => _app.Services.GetRequiredService<DurableTaskClient>();

    /// <summary>Stops the worker first (so no work item is half-taken), then the sidecar, then the storage service's leases.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _sidecar.StopAsync();
        await _sidecar.DisposeAsync();
        try
        {
            // Releasing the partition leases now lets the next host start without waiting for them to expire.
            await _service.StopAsync(isForced: false);
        }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException)
        {
            // The sidecar's own stopping handler got there first: the leases are being released either way.
        }
        _channel.Dispose();
        _storageLogging.Dispose();
    }
}
