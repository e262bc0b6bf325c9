using Spectre.Console;

namespace Mao.Cli.Commands;

/// <summary>
/// Where live progress (bars, spinners) goes: a Spectre console on stderr, and only when stderr is an interactive
/// terminal, so stdout (tables, --json) stays clean for pipes and scripts and redirected runs show no escape codes.
/// </summary>
internal static class ProgressConsole
{
    /// <summary>The console to draw progress on, or null when nobody is watching.</summary>
    public static IAnsiConsole? Open()
    {
        if (Console.IsErrorRedirected)
        {
            return null;
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return console.Profile.Capabilities.Interactive ? console : null;
    }
}
