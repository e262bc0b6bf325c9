namespace Mao.Tools.Tests.Dockerfile;

/// <summary>Builds Dockerfile text from lines, so line numbers in tests are easy to count.</summary>
internal static class DockerfileText
{
    public static string Of(params string[] lines) => string.Join('\n', lines) + "\n";
}
