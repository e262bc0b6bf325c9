namespace Mao.Testing;

/// <summary>
/// Paths into the read-only <c>shared/</c> folder that sits beside the repository (../shared), found by walking up
/// from the test binaries; the environment variable MAO_SHARED overrides it.
/// </summary>
public static class SharedData
{
    private static readonly Lazy<string> Root = new(FindRoot);

    public static string RootPath => Root.Value;

    /// <summary>The absolute path of <paramref name="relative"/> under shared/, e.g. <c>Path("fixtures/dockerfiles")</c>.</summary>
    public static string Path(string relative)
    {
        var path = System.IO.Path.Combine(Root.Value, relative);
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new FileNotFoundException($"shared data '{relative}' not found under {Root.Value}", path);
        }
        return path;
    }

    private static string FindRoot()
    {
        if (Environment.GetEnvironmentVariable("MAO_SHARED") is { Length: > 0 } fromEnvironment)
        {
            return Directory.Exists(fromEnvironment)
                ? fromEnvironment
                : throw new DirectoryNotFoundException($"MAO_SHARED points to '{fromEnvironment}', which does not exist");
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared");
            if (dir.Parent is not null && Directory.Exists(candidate) && Directory.Exists(System.IO.Path.Combine(candidate, "fixtures")))
            {
                return candidate;
            }
        }
        throw new DirectoryNotFoundException($"no 'shared' folder beside any parent of {AppContext.BaseDirectory}; set MAO_SHARED");
    }
}
