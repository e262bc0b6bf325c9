using System.CommandLine;
using Spectre.Console;

namespace Mao.Cli.Commands;

/// <summary>
/// `mao demo`: the main job on the local stack, end to end. A consensus round over the two real recorded
/// AWS SAR catalogue days runs on a durable site host (Azurite); its ground truth is kept in the blob store
/// and table index, committed to the tool's git dataset and tagged, and published signed to the etcd registry,
/// then read back and verified; finally the Dockerfile linter runs over the real official-image Dockerfiles.
/// `./mao demo` starts Azurite and etcd first and points MAO_STORAGE_CONNECTION and MAO_ETCD_ENDPOINTS at them.
/// </summary>
public sealed class DemoCommand : ICliCommand
{
    public Command Build()
    {
        var data = new Option<string>("--data") { Description = "The demo site's data folder (keys, git datasets, round files)", DefaultValueFactory = _ => Path.Combine(".local", "data", "demo") };
        var window = new Option<int>("--window") { Description = "Seconds the round waits for the silent peer", DefaultValueFactory = _ => 6 };
        var command = new Command("demo", "Run the main job on the local stack: round, store, git, registry, lint") { data, window };
        command.SetAction(async (parse, ct) =>
        {
            var storage = Environment.GetEnvironmentVariable("MAO_STORAGE_CONNECTION") ?? "UseDevelopmentStorage=true";
            var etcd = Environment.GetEnvironmentVariable("MAO_ETCD_ENDPOINTS") ?? "http://127.0.0.1:2379";
            var folder = Path.GetFullPath(parse.GetValue(data)!);
            Directory.CreateDirectory(folder);

            Step(1, "consensus round on the durable site host");
            var result = await SmokeCommand.RunAsync(storage, Path.Combine(folder, "round"), SmokeData.FindFolder(), parse.GetValue(window), ct);
            SmokeCommand.Print(result, keep: true);

            Step(2, "keep and publish the ground truth: blob + table, git dataset, signed etcd record");
            var published = await DemoPublisher.PublishAsync(result, storage, etcd, folder, ct);
            DemoPublisher.Print(published);

            Step(3, "lint the official images' Dockerfiles");
            var unreadable = await DemoLint.RunAsync(ct);

            var ok = result.Published && unreadable == 0;
            AnsiConsole.MarkupLine(ok
                ? "[green]demo finished: the round's ground truth is verified, stored and published[/]"
                : "[red]demo finished with problems (see above)[/]");
            return ok ? 0 : 1;
        });
        return command;
    }

    private static void Step(int number, string what) => AnsiConsole.Write(new Rule($"[bold]{number}. {Markup.Escape(what)}[/]").LeftJustified());
}
