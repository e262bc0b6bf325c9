using System.CommandLine;

namespace Mao.Cli.Tests;

/// <summary>`mao --help` is a newcomer's first page: every command is listed and says what it does.</summary>
public class HelpTests
{
    [Fact]
    public void RootHelp_ListsEverySubcommand()
    {
        var root = MaoRoot.Build();
        var output = new StringWriter();

        root.Parse(["--help"]).Invoke(new InvocationConfiguration { Output = output });

        Assert.NotEmpty(root.Subcommands);
        foreach (var command in root.Subcommands)
        {
            Assert.Contains($"  {command.Name}", output.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void EveryCommand_HasADescription_AndItsHelpShowsEachSubcommand()
    {
        var root = MaoRoot.Build();
        foreach (var (tokens, command) in All(root, []))
        {
            var path = string.Join(' ', tokens.Prepend("mao"));
            Assert.False(string.IsNullOrWhiteSpace(command.Description), $"{path} has no description");
            Assert.All(command.Arguments, a => Assert.False(string.IsNullOrWhiteSpace(a.Description), $"{path} <{a.Name}> has no description"));
            Assert.All(command.Options.Where(o => o is not System.CommandLine.Help.HelpOption and not VersionOption),
                o => Assert.False(string.IsNullOrWhiteSpace(o.Description), $"{path} {o.Name} has no description"));
            if (command.Subcommands.Count == 0)
            {
                continue;
            }
            var output = new StringWriter();
            // Parsed from the root, as a user types it: the help option lives on the root and applies to every command.
            root.Parse([.. tokens, "--help"]).Invoke(new InvocationConfiguration { Output = output });
            Assert.All(command.Subcommands, s => Assert.Contains($"  {s.Name}", output.ToString(), StringComparison.Ordinal));
        }
    }

    private static IEnumerable<(string[] Tokens, Command Command)> All(Command command, string[] tokens) =>
        command.Subcommands.SelectMany(s => All(s, [.. tokens, s.Name])).Prepend((tokens, command));
}
