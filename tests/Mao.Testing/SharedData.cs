namespace Mao.Testing;

/// <summary>
/// The read-only `shared/` folder (recorded fixtures, the prototypes' data) that sits beside the clone,
/// or wherever MAO_SHARED points. Tests read it in place and never write to it.
/// </summary>
public static class SharedData
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    public static string Root => LazyRoot.Value;

    /// <summary>Absolute path of a file or folder below shared/, e.g. <c>Path("fixtures/dockerfiles")</c>.</summary>
    public static string Path(string relative)
    {
        var full = System.IO.Path.GetFullPath(System.IO.Path.Combine(Root, relative));
        if (!File.Exists(full) && !Directory.Exists(full))
        {
            throw new FileNotFoundException($"shared data '{relative}' not found under {Root}", full);
        }
        return full;
    }

    private static string FindRoot()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("MAO_SHARED");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return System.IO.Path.GetFullPath(fromEnvironment);
        }
        // The clone's parent holds shared/; a git worktree may sit deeper, so look further up too.
        for (var dir = Directory.GetParent(RepoPaths.Root); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared");
            if (Directory.Exists(System.IO.Path.Combine(candidate, "data")) && Directory.Exists(System.IO.Path.Combine(candidate, "fixtures")))
            {
                return candidate;
            }
        }
        throw new DirectoryNotFoundException($"no shared/ folder beside or above {RepoPaths.Root}; set MAO_SHARED");
    }
}
