using Mao.Tools.Dockerfile.Shell;

namespace Mao.Tools.Dockerfile.Rules;

/// <summary>Recognises pip installs the way hadolint does: pip*/pip3 install, python* -m pip install.</summary>
internal static class PipCommands
{
    public static bool IsInstall(ShellCommand command)
    {
        if (command.Name.StartsWith("pip", StringComparison.Ordinal) && !command.Name.StartsWith("pipenv", StringComparison.Ordinal))
        {
            return command.HasArg("install");
        }
        if (!command.Name.StartsWith("python", StringComparison.Ordinal))
        {
            return false;
        }
        var args = command.Arguments;
        for (var i = 0; i + 2 < args.Count; i++)
        {
            if (args[i] == "-m" && args[i + 1] == "pip" && args[i + 2] == "install")
            {
                return true;
            }
        }
        return false;
    }
}
