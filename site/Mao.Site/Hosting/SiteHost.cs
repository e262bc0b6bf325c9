using System.Net;
using Grpc.Net.Client;
using Mao.Orchestrations;
using Mao.Orchestrations.Api;
using Mao.Orchestrations.Scheduling;
using Mao.Site.Api;
using Mao.Site.Scheduling;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
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
        var (sidecar, grpcAddress) = await SidecarServer.StartAsync(options, service, logging, cancellationToken);
        var channel = GrpcChannel.ForAddress(grpcAddress);
        try
        {
            var app = await StartAppAsync(options, channel, logging, configureServices, cancellationToken);
            await BackendReadiness.WaitStartedAsync(service, TimeSpan.FromSeconds(60), cancellationToken);
            return new RunningSite(options, app, sidecar, service, channel, storageLogging, SidecarServer.BoundAddress(app), grpcAddress);
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
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, options.ApiPort, listen => listen.Protocols = HttpProtocols.Http1);
            kestrel.Limits.MaxRequestBodySize = RoundOperations.MaxBodyBytes + 1;
        });
        var services = builder.Services;
        services.AddSingleton(options);
        configureServices?.Invoke(services);
        services.AddRoundPorts(options.DataDirectory);
        services.AddDurableTaskWorker(worker =>
        {
            worker.AddTasks(registry => registry.AddRoundTasks());
            worker.UseGrpc(channel);
        });
        services.AddDurableTaskClient(client =>
        {
            client.UseGrpc(channel);
            client.RegisterDirectly();
        });
        services.AddSingleton(s => new RoundOperations(s.GetRequiredService<DurableTaskClient>(), options.SiteId));
        services.AddSnapshotGateway(options.DataDirectory, options.Gateway, new RoundScheduleSettings(options.SiteId, options.Peers, options.AnswerWindow));
        SiteScheduler.Register(services, options);
        var app = builder.Build();
        SiteApi.Map(app, options);
        await app.StartAsync(cancellationToken);
        return app;
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
