namespace Mao.Testing;

/// <summary>
/// The read-only shared data (fixtures, recorded responses, design docs) beside the repository: <c>../shared</c>
/// from the repository (or any folder above it). Found by walking up from the test binaries to the first folder
/// that has a <c>shared</c> sibling; the environment variable MAO_SHARED overrides that.
/// </summary>
public static class SharedData
{
    private static readonly Lazy<string> Root = new(Find);

    /// <summary>Absolute path of the shared folder.</summary>
    public static string RootPath => Root.Value;

    /// <summary>Absolute path of a file or folder under shared/, e.g. <c>Path("fixtures/dockerfiles")</c>.</summary>
    public static string Path(string relative) => System.IO.Path.GetFullPath(System.IO.Path.Combine(Root.Value, relative));

    private static string Find()
    {
        var configured = Environment.GetEnvironmentVariable("MAO_SHARED");
        if (!string.IsNullOrEmpty(configured))
        {
            return Directory.Exists(configured)
                ? System.IO.Path.GetFullPath(configured)
                : throw new DirectoryNotFoundException($"MAO_SHARED is '{configured}', which is not a directory");
        }
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory?.Parent is not null; directory = directory.Parent)
        {
            var sibling = System.IO.Path.Combine(directory.Parent.FullName, "shared");
            if (Directory.Exists(sibling))
            {
                return sibling;
            }
        }
        throw new DirectoryNotFoundException(
            $"no 'shared' folder beside any folder above {AppContext.BaseDirectory}; set MAO_SHARED to the shared data folder");
    }
}
