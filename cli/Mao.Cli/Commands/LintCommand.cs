using System.CommandLine;
using Mao.Tools.Dockerfile.Linting;

namespace Mao.Cli.Commands;

/// <summary>
/// `mao lint &lt;Dockerfile&gt;... [--json]`: prints findings (file, line, rule, severity, message).
/// Exit code 0 when clean or only warnings/info/style, 1 when any file has an error-severity finding or a
/// syntax error, 2 when a file cannot be read (the other files are still linted).
/// </summary>
public sealed class LintCommand : ICliCommand
{
    public Command Build()
    {
        var files = new Argument<string[]>("dockerfiles") { Description = "Dockerfiles to lint", Arity = ArgumentArity.OneOrMore };
        var json = new Option<bool>("--json") { Description = "Print the findings as a JSON array" };
        var command = new Command("lint", "Lint Dockerfiles with hadolint-compatible rules (DLxxxx codes, # hadolint ignore= pragmas)");
        command.Arguments.Add(files);
        command.Options.Add(json);
        command.SetAction(async (parse, cancellationToken) =>
            await RunAsync(parse.GetValue(files) ?? [], parse.GetValue(json), Console.Out, Console.Error, cancellationToken).ConfigureAwait(false));
        return command;
    }

    public static async Task<int> RunAsync(IReadOnlyList<string> paths, bool json, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        var linter = new DockerfileLinter();
        var results = new List<LintResult>();
        var unreadable = false;
        foreach (var path in paths)
        {
            try
            {
                results.Add(await linter.LintFileAsync(path, cancellationToken).ConfigureAwait(false));
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                await errors.WriteLineAsync($"mao lint: {path}: no such file").ConfigureAwait(false);
                unreadable = true;
            }
            catch (Exception e) when (e is UnauthorizedAccessException or IOException)
            {
                await errors.WriteLineAsync($"mao lint: {path}: cannot read: {e.Message}").ConfigureAwait(false);
                unreadable = true;
            }
        }
        await (json ? LintReport.WriteJsonAsync(results, output) : LintReport.WriteTextAsync(results, output)).ConfigureAwait(false);
        return LintReport.ExitCode(results, unreadable);
    }
}
