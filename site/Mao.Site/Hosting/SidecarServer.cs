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
/// The Durable Task gRPC sidecar (TaskHubGrpcServer) over the Azure Storage service, in Kestrel on a Unix domain
/// socket only the site's user can open (<see cref="SidecarSocket"/>), HTTP/2 only. It dispatches work to exactly one
/// connected worker (scale out with more sidecar+worker pairs).
/// </summary>
internal static class SidecarServer
{
    public static async Task<WebApplication> StartAsync(
        string socketPath, AzureStorageOrchestrationService service, Action<ILoggingBuilder> logging, CancellationToken cancellationToken)
    {
        SidecarSocket.Prepare(socketPath);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "Mao.Site.Sidecar" });
        builder.Logging.ClearProviders();
        logging(builder.Logging);
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.ListenUnixSocket(socketPath, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc(grpc => grpc.MaxReceiveMessageSize = 16 * 1024 * 1024);
        builder.Services.AddSingleton<IOrchestrationService>(service);
        builder.Services.AddSingleton<IOrchestrationServiceClient>(service);
        builder.Services.AddSingleton<TaskHubGrpcServer>();
        var app = builder.Build();
        app.MapGrpcService<TaskHubGrpcServer>();
        await app.StartAsync(cancellationToken);
        // The folder is 0700 already; the socket's own mode is the second lock should the folder ever be opened up.
        SidecarSocket.Restrict(socketPath);
        return app;
    }

    /// <summary>The address Kestrel really bound for the API (port 0 becomes a free port), as http://127.0.0.1:port.</summary>
    internal static Uri BoundAddress(WebApplication app)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri($"http://127.0.0.1:{new Uri(address).Port}");
    }
}
