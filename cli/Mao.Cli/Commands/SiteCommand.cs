using System.CommandLine;
using Mao.Core;
using Mao.Site.Hosting;
using Microsoft.Extensions.Configuration;

namespace Mao.Cli.Commands;

/// <summary>
/// `mao site run`: runs this site's durable host (sidecar, worker, HTTP API, scheduler) until Ctrl-C or SIGTERM.
/// `mao site round start`, `mao site status` and `mao site verified` talk to a running host's HTTP API.
/// </summary>
public sealed class SiteCommand : ICliCommand
{
    private readonly TextWriter _output;

    public SiteCommand() : this(Console.Out)
    {
    }

    /// <summary>A command whose API clients print to <paramref name="output"/> (tests run them in-process on a string writer).</summary>
    public SiteCommand(TextWriter output) => _output = output;

    public Command Build()
    {
        var site = new Command("site",
            "Run a site host (a member of the federation that crawls, keeps snapshots and takes part in rounds), " +
            "or talk to a running one over its HTTP API: start rounds, follow rounds and tool runs, list verified results");
        site.Subcommands.Add(BuildRun());
        site.Subcommands.Add(SiteClientCommands.BuildRound(_output));
        site.Subcommands.Add(SiteClientCommands.BuildVerified(_output));
        site.Subcommands.Add(SiteClientCommands.BuildStatus(_output));
        site.Subcommands.Add(SiteClientCommands.BuildRunStatus(_output));
        return site;
    }

    private static Command BuildRun()
    {
        var data = new Option<string?>("--data") { Description = "Site data folder: signing key, API key, dataset clones (MAO_DATA_DIR; default ./.mao-site)" };
        var apiAddress = new Option<string?>("--api-address") { Description = "Address the HTTP API listens on (MAO_API_ADDRESS; default 127.0.0.1)" };
        var apiPort = new Option<int?>("--api-port") { Description = "HTTP API port (MAO_API_PORT; default 7400; 0 = free port)" };
        var grpcPort = new Option<int?>("--grpc-port") { Description = "obsolete and ignored: the Durable Task sidecar listens on <data>/sidecar/sidecar.sock (MAO_GRPC_PORT)" };
        var siteId = new Option<string?>("--site") { Description = "This site's id (MAO_SITE_ID; default 'local')" };
        var storage = new Option<string?>("--storage") { Description = "Azure Storage connection string (MAO_STORAGE_CONNECTION), e.g. Azurite's" };
        var etcd = new Option<string?>("--etcd") { Description = "etcd endpoints, comma-separated (MAO_ETCD_ENDPOINTS; default http://127.0.0.1:2379)" };
        var git = new Option<string?>("--git-remote") { Description = "Where this site pushes its datasets: a folder or URL holding <tool>.git (MAO_GIT_REMOTE)" };
        var endpoint = new Option<string?>("--public-endpoint") { Description = "Base URL peers use to reach this API (MAO_PUBLIC_ENDPOINT; default the bound address)" };
        var tools = new Option<string?>("--tools") { Description = "Comma-separated tools this site runs (MAO_TOOLS)" };
        var peers = new Option<string?>("--peers") { Description = "Comma-separated peers asked to answer (MAO_PEERS; default every live site)" };
        var noScheduler = new Option<bool>("--no-scheduler") { Description = "Do not run the timer jobs" };
        var run = new Command("run", "Run the site host until Ctrl-C or SIGTERM")
            { data, apiAddress, apiPort, grpcPort, siteId, storage, etcd, git, endpoint, tools, peers, noScheduler };
        run.SetAction(async (parse, cancellationToken) =>
        {
            SiteOptions options;
            try
            {
                options = SiteOptions.FromConfiguration(new ConfigurationBuilder().AddEnvironmentVariables().Build());
                var federation = options.Federation;
                federation.DataDirectory = parse.GetValue(data) ?? federation.DataDirectory;
                federation.SiteId = parse.GetValue(siteId) ?? federation.SiteId;
                federation.StorageConnectionString = parse.GetValue(storage) ?? federation.StorageConnectionString;
                federation.Etcd.Endpoints = parse.GetValue(etcd) ?? federation.Etcd.Endpoints;
                federation.GitRemote = parse.GetValue(git) ?? federation.GitRemote;
                federation.PublicEndpoint = parse.GetValue(endpoint) ?? federation.PublicEndpoint;
                federation.Tools = List(parse.GetValue(tools)) ?? federation.Tools;
                federation.Peers = List(parse.GetValue(peers)) ?? federation.Peers;
                options.ApiAddress = parse.GetValue(apiAddress) ?? options.ApiAddress;
                options.ApiPort = parse.GetValue(apiPort) ?? options.ApiPort;
                options.GrpcPort = parse.GetValue(grpcPort) ?? options.GrpcPort;
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
            Console.WriteLine($"site {options.SiteId} ready: api {running.ApiAddress} sidecar unix:{running.SidecarSocket} " +
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

    private static string[]? List(string? text) => text?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
