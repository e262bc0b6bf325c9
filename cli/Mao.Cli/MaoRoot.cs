using System.CommandLine;
using System.Reflection;
using Mao.Cli.Commands;

namespace Mao.Cli;

/// <summary>The `mao` root command with every <see cref="ICliCommand"/> (shared by Program and the help tests).</summary>
public static class MaoRoot
{
    public static RootCommand Build()
    {
        var root = new RootCommand(
            "mao: the Microservice Artefact Observatory's command line. Crawl registries into snapshots, verify them across " +
            "sites, run a site of the federation, and summarise, chart and alert on the results. Run `mao <command> --help` for a command's options.");
        foreach (var type in Assembly.GetExecutingAssembly().GetTypes()
                     .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ICliCommand).IsAssignableFrom(t))
                     .OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            root.Subcommands.Add(((ICliCommand)Activator.CreateInstance(type)!).Build());
        }
        return root;
    }
}
