using System.CommandLine;
using System.Reflection;

namespace Mao.Cli.Commands;

/// <summary>`mao version`: prints the build's version, handy in bug reports.</summary>
public sealed class VersionCommand : ICliCommand
{
    public Command Build()
    {
        var command = new Command("version", "Print the version of this build");
        command.SetAction(_ =>
        {
            var version = Assembly.GetExecutingAssembly().GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
            Console.WriteLine($"mao {version}");
            return 0;
        });
        return command;
    }
}
