using System.CommandLine;
using Mao.Cli.Commands.Demo;
using Spectre.Console;

namespace Mao.Cli.Commands;

/// <summary>
/// `mao demo`: the main job on the local stack, end to end. Three site-host processes share one Azurite and one etcd:
/// site-a and site-b hold the real recorded AWS SAR catalogue of 2020-02-16 (site-b wrong on some records), site-c
/// holds none. site-a announces its snapshot; site-b answers with its own, site-c accepts; site-a fetches site-b's
/// snapshot over HTTP, verifies, and publishes the ground truth (blob + table, git ground-truth branch and tag, signed
/// in etcd); every site applies it or keeps a newer measurement of its own. Then the Dockerfile linter runs.
/// `./mao demo` starts Azurite and etcd (TLS, auth on) first, points MAO_STORAGE_CONNECTION, MAO_ETCD_ENDPOINTS and
/// MAO_ETCD_CA_FILE at them, and gives each site an etcd user whose role covers the run's key root.
/// </summary>
public sealed class DemoCommand : ICliCommand
{
    public Command Build()
    {
        var data = new Option<string>("--data") { Description = "Folder for the demo's sites (one sub-folder per run)", DefaultValueFactory = _ => Path.Combine(".local", "data", "demo") };
        var window = new Option<int>("--window") { Description = "Seconds the round waits for answers", DefaultValueFactory = _ => 30 };
        var keyRoot = new Option<string?>("--key-root") { Description = "The run's etcd key root (default /mao-demo-<run>); with auth on, the sites' roles must cover it" };
        var users = new Option<string?>("--etcd-users") { Description = "Folder of <site>.password files: each site connects to etcd as the user of its name (infra/local/etcd-secure.sh)" };
        var command = new Command("demo", "Run the main job on the local stack: a federated round between three site processes, then lint") { data, window, keyRoot, users };
        command.SetAction(async (parse, ct) =>
        {
            var storage = Environment.GetEnvironmentVariable("MAO_STORAGE_CONNECTION") ?? "UseDevelopmentStorage=true";
            var etcd = new DemoEtcd(
                Environment.GetEnvironmentVariable("MAO_ETCD_ENDPOINTS") ?? "http://127.0.0.1:2379",
                Environment.GetEnvironmentVariable("MAO_ETCD_CA_FILE") is { Length: > 0 } ca ? Path.GetFullPath(ca) : null,
                parse.GetValue(users) is { } folder ? Path.GetFullPath(folder) : null);
            await using var federation = DemoFederation.Create(parse.GetValue(data)!, storage, etcd, parse.GetValue(keyRoot));
            var ok = await new DemoRun(federation, TimeSpan.FromSeconds(parse.GetValue(window))).RunAsync(ct);

            DemoRun.Step(6, "lint the official images' Dockerfiles");
            var unreadable = await DemoLint.RunAsync(ct);
            ok &= unreadable == 0;
            AnsiConsole.MarkupLine(ok
                ? "[green]demo finished: the sites verified each other; the ground truth is stored, published and applied[/]"
                : "[red]demo finished with problems (see above)[/]");
            return ok ? 0 : 1;
        });
        return command;
    }
}
