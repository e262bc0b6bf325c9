namespace Mao.Testing;

/// <summary>Finds the repository root (the folder with Mao.Functions.sln) from wherever the tests run.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    public static string Root => LazyRoot.Value;

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Mao.Functions.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"no Mao.Functions.sln above {AppContext.BaseDirectory}");
    }
}
