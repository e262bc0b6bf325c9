using System.CommandLine;
using System.Reflection;
using Mao.Cli.Commands;

var root = new RootCommand("mao: the Microservice Artefact Observatory's command line");
foreach (var type in Assembly.GetExecutingAssembly().GetTypes()
             .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ICliCommand).IsAssignableFrom(t))
             .OrderBy(t => t.Name, StringComparer.Ordinal))
{
    root.Subcommands.Add(((ICliCommand)Activator.CreateInstance(type)!).Build());
}
return await root.Parse(args).InvokeAsync();
