namespace Mao.Testing;

/// <summary>
/// Paths into the read-only shared data (`shared/` beside the repository clone): walks up from the test binaries
/// to the first folder that has a `shared` sibling, or uses the MAO_SHARED environment variable.
/// </summary>
public static class SharedData
{
    private static readonly Lazy<string> Root = new(FindRoot);

    /// <summary>The shared folder itself.</summary>
    public static string Folder => Root.Value;

    /// <summary>A path inside the shared folder, e.g. <c>SharedData.Path("data/dcc-bench2000/bench2000.git.zip")</c>.</summary>
    public static string Path(string relative)
    {
        var full = System.IO.Path.Combine(Root.Value, relative);
        if (!File.Exists(full) && !Directory.Exists(full))
        {
            throw new FileNotFoundException($"shared data '{relative}' not found under {Root.Value}", full);
        }
        return full;
    }

    private static string FindRoot()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("MAO_SHARED");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return Directory.Exists(fromEnvironment)
                ? fromEnvironment
                : throw new DirectoryNotFoundException($"MAO_SHARED points to '{fromEnvironment}', which does not exist");
        }
        // The clone's parent holds `shared/`, so the first ancestor with a `shared/data` child is the right one.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared");
            if (Directory.Exists(System.IO.Path.Combine(candidate, "data")))
            {
                return candidate;
            }
        }
        throw new DirectoryNotFoundException(
            $"no 'shared' folder beside the repository above {AppContext.BaseDirectory}; set MAO_SHARED to its path");
    }
}
