using Mao.Tools.Dockerfile.Linting;
using Spectre.Console;

namespace Mao.Cli.Commands;

/// <summary>The demo's static-check step: the Dockerfile linter over the real official-image Dockerfiles in recorded/fixtures.</summary>
internal static class DemoLint
{
    /// <returns>How many Dockerfiles could not be read (findings in third-party files are reported, not a failure).</returns>
    public static async Task<int> RunAsync(CancellationToken ct)
    {
        var folder = RecordedFolder.Find(Path.Combine("fixtures", "dockerfiles"));
        var files = Directory.Exists(folder) ? Directory.GetFiles(folder, "*Dockerfile").Order(StringComparer.Ordinal).ToArray() : [];
        if (files.Length == 0)
        {
            AnsiConsole.MarkupLine($"[red]no Dockerfiles in {Markup.Escape(folder)}[/]");
            return 1;
        }
        var linter = new DockerfileLinter();
        var table = new Table().AddColumns("Dockerfile", "errors", "warnings", "info", "rules");
        var unreadable = 0;
        foreach (var file in files)
        {
            try
            {
                var result = await linter.LintFileAsync(file, ct);
                int Count(Severity severity) => result.Findings.Count(f => f.Severity == severity);
                table.AddRow(Markup.Escape(Path.GetFileName(file)), Count(Severity.Error).ToString(), Count(Severity.Warning).ToString(),
                    Count(Severity.Info).ToString(), Markup.Escape(string.Join(' ', result.Findings.Select(f => f.Rule).Distinct().Order(StringComparer.Ordinal))));
            }
            catch (IOException e)
            {
                unreadable++;
                table.AddRow(Markup.Escape(Path.GetFileName(file)), "[red]unreadable[/]", "", "", Markup.Escape(e.Message));
            }
        }
        AnsiConsole.Write(table);
        return unreadable;
    }
}
