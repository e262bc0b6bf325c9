using System.CommandLine;
using System.Globalization;
using Mao.Core;
using Mao.Core.Insights;
using Spectre.Console;

namespace Mao.Cli.Insights;

/// <summary>
/// What the insight commands share: the input (a time-series CSV, or a series JSON file from `mao series --json`),
/// the metrics to take from it, the date range, and turning bad input into a message and an exit code.
/// </summary>
public sealed record InsightsInput(string Path, IReadOnlyList<string> Metrics, DateOnly? From, DateOnly? To)
{
    public static Argument<string> InputArgument() => new("input")
    {
        Description = "A time-series CSV (first column the day, yyyy-MM-dd; one numeric column per series; empty cell = no value that day), " +
                      "or a JSON file written by `mao series --json`",
    };

    public static Option<string[]> MetricOption() => new("--metric", "-m")
    {
        Description = "A column to use, or a labelled sum of columns: --metric amd64_images --metric \"ARM=arm_images+arm64_images\". " +
                      "Repeat for several; default: every column",
        AllowMultipleArgumentsPerToken = false,
    };

    public static Option<string?> FromOption() => new("--from") { Description = "First day to use (yyyy-MM-dd); default: the first day in the input" };

    public static Option<string?> ToOption() => new("--to") { Description = "Last day to use (yyyy-MM-dd); default: the last day in the input" };

    public static InsightsInput Of(string path, IReadOnlyList<string>? metrics, string? from, string? to) =>
        new(path, metrics ?? [], ParseDay(from, "--from"), ParseDay(to, "--to"));

    /// <summary>The selected series, each cut to the date range.</summary>
    public IReadOnlyList<Series> Load()
    {
        if (!File.Exists(Path))
        {
            throw new FileNotFoundException($"{Path}: no such file", Path);
        }
        var table = Path.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
            ? ReadJson(Path)
            : SeriesCsv.ReadFile(Path);
        var selected = Metrics.Count == 0
            ? table.Columns
            : Metrics.Select(m => table.Select(MetricExpression.Parse(m))).ToArray();
        var from = From ?? DateOnly.MinValue;
        var to = To ?? DateOnly.MaxValue;
        if (from > to)
        {
            throw new MaoFormatException("--from/--to", $"--from {from:yyyy-MM-dd} is after --to {to:yyyy-MM-dd}");
        }
        return selected.Select(s => From is null && To is null ? s : s.Between(from, to)).ToArray();
    }

    /// <summary>Runs a command body: bad input is a red one-line message and exit 1, a missing file exit 2.</summary>
    public static int Guard(IAnsiConsole console, string command, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (MaoFormatException e)
        {
            console.MarkupLineInterpolated($"[red]mao {command}:[/] {e.Message}");
            return 1;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or IOException)
        {
            console.MarkupLineInterpolated($"[red]mao {command}:[/] {e.Message}");
            return 2;
        }
    }

    /// <summary>A Spectre console on <paramref name="output"/>: the real terminal, or plain text for a test's writer.</summary>
    public static IAnsiConsole ConsoleFor(TextWriter output)
    {
        if (ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected)
        {
            return AnsiConsole.Console;
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        // Redirected output has no terminal width; Spectre's 80 columns would fold the trend table into slivers.
        console.Profile.Width = 200;
        return console;
    }

    private static SeriesTable ReadJson(string path)
    {
        using var stream = File.OpenRead(path);
        return new SeriesTable(SeriesJson.Read(stream, path), path);
    }

    private static DateOnly? ParseDay(string? text, string option) =>
        text is null ? null
        : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day
        : throw new MaoFormatException(option, $"'{text}' is not a day (expected yyyy-MM-dd)");
}
