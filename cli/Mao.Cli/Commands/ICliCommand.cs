using System.CommandLine;

namespace Mao.Cli.Commands;

/// <summary>
/// One top-level `mao` command. Program discovers every implementation by reflection,
/// so adding a command is adding one file.
/// </summary>
public interface ICliCommand
{
    Command Build();
}
