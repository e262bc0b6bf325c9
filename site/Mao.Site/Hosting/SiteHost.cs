using System.Net;
using Grpc.Net.Client;
using Mao.Orchestrations;
using Mao.Orchestrations.Api;
using Mao.Orchestrations.ToolRuns;
using Mao.Federation.Rounds;
using Mao.Insights;
using Mao.Site.Api;
using Mao.Site.Scheduling;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mao.Site.Hosting;

/// <summary>
/// Starts a site: the DTFx Azure Storage service on the configured storage account, the gRPC sidecar over it,
/// and an app holding the Durable Task worker and client (both over gRPC to the sidecar), the HTTP API and the
/// scheduler. Two Kestrel apps because the sidecar speaks HTTP/2 only and the API HTTP/1.1.
/// </summary>
public static class SiteHost
{
    public static async Task<RunningSite> StartAsync(
        SiteOptions options,
        Action<ILoggingBuilder>? logging = null,
        Action<IServiceCollection>? configureServices = null,
        CancellationToken cancellationToken = default)
    {
        options.Validate();
        logging ??= DefaultLogging;
        Directory.CreateDirectory(options.DataDirectory);
        // The storage service logs for as long as the site runs, so this factory lives (and dies) with the RunningSite.
        var storageLogging = LoggerFactory.Create(logging);
        var service = await DurableBackend.CreateAsync(options, storageLogging);
        var socketPath = SidecarSocket.PathFor(options.DataDirectory);
        var sidecar = await SidecarServer.StartAsync(socketPath, service, logging, cancellationToken);
        var channel = SidecarSocket.Channel(socketPath);
        try
        {
            var app = await StartAppAsync(options, channel, logging, configureServices, cancellationToken);
            await BackendReadiness.WaitStartedAsync(service, TimeSpan.FromSeconds(60), cancellationToken);
            return new RunningSite(options, app, sidecar, service, channel, storageLogging, SidecarServer.BoundAddress(app), socketPath);
        }
        catch
        {
            await sidecar.StopAsync(CancellationToken.None);
            await sidecar.DisposeAsync();
            channel.Dispose();
            storageLogging.Dispose();
            throw;
        }
    }

    private static async Task<WebApplication> StartAppAsync(
        SiteOptions options, GrpcChannel channel, Action<ILoggingBuilder> logging, Action<IServiceCollection>? configureServices, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "Mao.Site" });
        builder.Logging.ClearProviders();
        logging(builder.Logging);
        // The port is fixed before start so the site card (registered by a hosted service) names the real address.
        var address = IPAddress.Parse(options.ApiAddress);
        var port = options.ApiPort == 0 ? FreePort(address) : options.ApiPort;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(address, port, listen => listen.Protocols = HttpProtocols.Http1);
            // Every body-reading route reads at most this much (the gateway's route raises it to its own limit).
            kestrel.Limits.MaxRequestBodySize = RoundOperations.MaxBodyBytes + 1;
            // The API needs a key header and little else: tighter than Kestrel's 32 KiB / 100 headers / 8 KiB line.
            kestrel.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
            kestrel.Limits.MaxRequestHeaderCount = 50;
            kestrel.Limits.MaxRequestLineSize = 4 * 1024;
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(15);
        });
        if (options.Configuration is { } extra)
        {
            builder.Configuration.AddConfiguration(extra);
        }
        var services = builder.Services;
        services.AddSingleton(options);
        configureServices?.Invoke(services);
        services.AddDurableTaskWorker(worker =>
        {
            worker.AddTasks(registry => registry.AddRoundTasks().AddToolRunTasks());
            worker.UseGrpc(channel);
        });
        services.AddDurableTaskClient(client =>
        {
            client.UseGrpc(channel);
            client.RegisterDirectly();
        });
        services.AddFederatedRounds(options.Federation);
        services.AddRoundFrontDoors(options.AnswerRelayEnabled);
        services.AddToolRuns(builder.Configuration).AddToolRunFrontDoors(options.SchedulerEnabled);
        services.AddSnapshotGateway(options.Federation, options.Gateway);
        services.AddInsights();
        SiteScheduler.Register(services, options, builder.Configuration);
        var app = builder.Build();
        var host = address.Equals(IPAddress.Any) ? IPAddress.Loopback : address.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback : address;
        app.Services.GetRequiredService<SiteEndpoint>().Bound(new Uri($"http://{(host.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{host}]" : host.ToString())}:{port}/"));
        SiteApi.Map(app, options, SiteIdentity.ApiKey(options.Federation));
        await app.StartAsync(cancellationToken);
        return app;
    }

    private static int FreePort(IPAddress address)
    {
        using var listener = new System.Net.Sockets.TcpListener(address, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void DefaultLogging(ILoggingBuilder logging) => logging
        .AddSimpleConsole(console => { console.SingleLine = true; console.TimestampFormat = "HH:mm:ss "; })
        .SetMinimumLevel(LogLevel.Information)
        .AddFilter("Microsoft.AspNetCore", LogLevel.Warning)
        .AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning)
        .AddFilter("DurableTask", LogLevel.Warning)
        .AddFilter("Microsoft.DurableTask", LogLevel.Warning)
        .AddFilter("Grpc", LogLevel.Warning);
}
