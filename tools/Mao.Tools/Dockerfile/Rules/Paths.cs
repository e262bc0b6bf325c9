namespace Mao.Tools.Dockerfile.Rules;

/// <summary>Absolute paths in Linux and Windows containers.</summary>
internal static class Paths
{
    public static bool IsAbsolute(string path) =>
        path.StartsWith('/') || path.StartsWith('\\') || (path.Length >= 2 && char.IsAsciiLetter(path[0]) && path[1] == ':');

    public static bool IsVariable(string path) => path.StartsWith('$');
}
