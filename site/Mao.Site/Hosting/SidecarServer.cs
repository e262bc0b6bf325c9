using System.Net;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mao.Site.Hosting;

/// <summary>
/// The Durable Task gRPC sidecar (TaskHubGrpcServer) over the Azure Storage service, in Kestrel on 127.0.0.1,
/// HTTP/2 only. It dispatches work to exactly one connected worker (scale out with more sidecar+worker pairs).
/// </summary>
internal static class SidecarServer
{
    public static async Task<(WebApplication App, Uri Address)> StartAsync(
        SiteOptions options, AzureStorageOrchestrationService service, Action<ILoggingBuilder> logging, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "Mao.Site.Sidecar" });
        builder.Logging.ClearProviders();
        logging(builder.Logging);
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, options.GrpcPort, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc(grpc => grpc.MaxReceiveMessageSize = 16 * 1024 * 1024);
        builder.Services.AddSingleton<IOrchestrationService>(service);
        builder.Services.AddSingleton<IOrchestrationServiceClient>(service);
        builder.Services.AddSingleton<TaskHubGrpcServer>();
        var app = builder.Build();
        app.MapGrpcService<TaskHubGrpcServer>();
        await app.StartAsync(cancellationToken);
        return (app, BoundAddress(app));
    }

    /// <summary>The address Kestrel really bound (port 0 becomes a free port), as http://127.0.0.1:port.</summary>
    internal static Uri BoundAddress(WebApplication app)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri($"http://127.0.0.1:{new Uri(address).Port}");
    }
}
