using System.CommandLine;
using Mao.Core;
using Mao.Site.Hosting;
using Microsoft.Extensions.Configuration;

namespace Mao.Cli.Commands;

/// <summary>
/// `mao site run`: runs this site's durable host (sidecar, worker, HTTP API, scheduler) until Ctrl-C or SIGTERM.
/// `mao site round start|answer` and `mao site status` talk to a running host's HTTP API.
/// </summary>
public sealed class SiteCommand : ICliCommand
{
    public Command Build()
    {
        var site = new Command("site", "Run a site host, or talk to a running one over its HTTP API");
        site.Subcommands.Add(BuildRun());
        site.Subcommands.Add(SiteClientCommands.BuildRound());
        site.Subcommands.Add(SiteClientCommands.BuildStatus());
        return site;
    }

    private static Command BuildRun()
    {
        var data = new Option<string?>("--data") { Description = "Site data folder (MAO_DATA_DIR; default ./.mao-site)" };
        var apiPort = new Option<int?>("--api-port") { Description = "HTTP API port on 127.0.0.1 (MAO_API_PORT; default 7400; 0 = free port)" };
        var grpcPort = new Option<int?>("--grpc-port") { Description = "Durable Task sidecar port on 127.0.0.1 (MAO_GRPC_PORT; default 7401; 0 = free port)" };
        var siteId = new Option<string?>("--site") { Description = "This site's id (MAO_SITE_ID; default 'local')" };
        var storage = new Option<string?>("--storage") { Description = "Azure Storage connection string (MAO_STORAGE_CONNECTION), e.g. Azurite's" };
        var peers = new Option<string?>("--peers") { Description = "Comma-separated peer site ids for scheduled rounds (MAO_PEERS)" };
        var noScheduler = new Option<bool>("--no-scheduler") { Description = "Do not run the timer jobs" };
        var run = new Command("run", "Run the site host until Ctrl-C or SIGTERM") { data, apiPort, grpcPort, siteId, storage, peers, noScheduler };
        run.SetAction(async (parse, cancellationToken) =>
        {
            SiteOptions options;
            try
            {
                options = SiteOptions.FromConfiguration(new ConfigurationBuilder().AddEnvironmentVariables().Build());
                options.DataDirectory = parse.GetValue(data) ?? options.DataDirectory;
                options.ApiPort = parse.GetValue(apiPort) ?? options.ApiPort;
                options.GrpcPort = parse.GetValue(grpcPort) ?? options.GrpcPort;
                options.SiteId = parse.GetValue(siteId) ?? options.SiteId;
                options.StorageConnectionString = parse.GetValue(storage) ?? options.StorageConnectionString;
                if (parse.GetValue(peers) is { } list)
                {
                    options.Peers = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                }
                options.SchedulerEnabled &= !parse.GetValue(noScheduler);
                options.Validate();
            }
            catch (MaoFormatException e)
            {
                Console.Error.WriteLine($"mao site run: {e.Message}");
                return 2;
            }
            await using var running = await SiteHost.StartAsync(options, cancellationToken: cancellationToken);
            // One parseable line for scripts and tests waiting for the host.
            Console.WriteLine($"site {options.SiteId} ready: api {running.ApiAddress} grpc {running.GrpcAddress} " +
                              $"taskhub {options.EffectiveTaskHub} data {Path.GetFullPath(options.DataDirectory)} pid {Environment.ProcessId}");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                Console.WriteLine($"site {options.SiteId} stopping");
            }
            return 0;
        });
        return run;
    }
}
